package dev.floe.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class Blake2b256Test {

  private static byte[] reference(byte[] in, int off, int len) {
    Blake2bDigest d = new Blake2bDigest(256);
    d.update(in, off, len);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static byte[] prefixed(byte prefix, byte[]... parts) {
    int total = 1;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] all = new byte[total];
    all[0] = prefix;
    int at = 1;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  @Test
  void shouldMatchPublishedDigestOfEmptyInputAndAbc() {
    // BLAKE2b-256 test values as published with the reference implementation (b2sum -l 256)
    assertThat(HexFormat.of().formatHex(Blake2b256.hash(new byte[0])))
        .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    assertThat(HexFormat.of().formatHex(Blake2b256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  }

  @Test
  void shouldMatchBouncyCastleForEveryLengthUpTo300() {
    Random random = new Random(7);
    for (int len = 0; len <= 300; len++) {
      byte[] data = new byte[len + 5];
      random.nextBytes(data);
      byte[] out = new byte[40];
      Blake2b256.hash(data, 3, len, out, 4);
      assertThat(Arrays.copyOfRange(out, 4, 36)).as("length %d", len).isEqualTo(reference(data, 3, len));
    }
  }

  @Test
  void shouldMatchBouncyCastleForLargeInputs() {
    Random random = new Random(11);
    for (int len : new int[] {1 << 16, 1_000_003, 128 * 1000, 128 * 1000 + 1}) {
      byte[] data = new byte[len];
      random.nextBytes(data);
      assertThat(Blake2b256.hash(data)).as("length %d", len).isEqualTo(reference(data, 0, len));
    }
  }

  @Property(tries = 300)
  void incrementalUpdatesInAnyChunkingGiveTheOneShotDigest(
      @ForAll @Size(max = 1200) byte[] data, @ForAll @IntRange(min = 1, max = 300) int chunk) {
    Blake2b256 d = new Blake2b256();
    int off = 0;
    while (off < data.length) {
      int len = Math.min(chunk, data.length - off);
      if (len == 1) {
        d.update(data[off]);
      } else {
        d.update(data, off, len);
      }
      off += len;
    }
    assertThat(d.doFinal()).isEqualTo(reference(data, 0, data.length));
    // doFinal resets: the same instance hashes the next message from scratch
    d.update(data, 0, data.length);
    assertThat(d.doFinal()).isEqualTo(reference(data, 0, data.length));
  }

  @Property(tries = 300)
  void leafAndInnerHashesArePrefixedDigests(
      @ForAll @Size(max = 700) byte[] data, @ForAll @Size(value = 32) byte[] left, @ForAll @Size(value = 32) byte[] right) {
    byte[] out = new byte[32];
    Blake2b256.leafHash(data, 0, data.length, out, 0);
    byte[] leafInput = prefixed((byte) 0, data);
    assertThat(out).isEqualTo(reference(leafInput, 0, leafInput.length));

    Blake2b256.innerHash(left, 0, right, 0, out, 0);
    byte[] innerInput = prefixed((byte) 1, left, right);
    assertThat(out).isEqualTo(reference(innerInput, 0, innerInput.length));
  }

  @Test
  void shouldAllowTheOutputToOverlapTheInput() {
    byte[] buf = new byte[64];
    new Random(3).nextBytes(buf);
    byte[] expected = reference(prefixed((byte) 1, Arrays.copyOf(buf, 32), Arrays.copyOfRange(buf, 32, 64)), 0, 65);
    Blake2b256.innerHash(buf, 0, buf, 32, buf, 0);
    assertThat(Arrays.copyOf(buf, 32)).isEqualTo(expected);
  }

  @Test
  void shouldRejectRangesOutsideTheArrays() {
    assertThatThrownBy(() -> Blake2b256.hash(new byte[10], 5, 6, new byte[32], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Blake2b256.hash(new byte[10], 0, 10, new byte[40], 9))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Blake2b256.innerHash(new byte[32], 1, new byte[32], 0, new byte[32], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void shouldRecoverAfterAFailedCallOnTheSameThread() {
    byte[] data = "after failure".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Blake2b256.hash(data, 0, data.length, new byte[31], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(Blake2b256.hash(data)).isEqualTo(reference(data, 0, data.length));
  }
}
