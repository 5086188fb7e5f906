package dev.floe.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.UnsupportedEncodingTypeException;
import dev.floe.core.merkle.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class BlobMetadataTest {

  static BlobMetadata randomMetadata(Random random, int n, long length) {
    List<SliverPairMetadata> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = new byte[32];
      byte[] s = new byte[32];
      random.nextBytes(p);
      random.nextBytes(s);
      pairs.add(new SliverPairMetadata(Node.digest(p), Node.digest(s)));
    }
    return new BlobMetadata(EncodingType.RS2, length, pairs);
  }

  private static byte[] blake(byte[]... parts) {
    Blake2bDigest d = new Blake2bDigest(256);
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /** The blob ID derivation written out longhand with BouncyCastle, for four pairs. */
  private static byte[] expectedBlobIdOfFourPairs(BlobMetadata m) {
    byte[][] leaves = new byte[4][];
    for (int i = 0; i < 4; i++) {
      leaves[i] = blake(new byte[] {0}, m.hashes().get(i).primaryHash().bytes(), m.hashes().get(i).secondaryHash().bytes());
    }
    byte[] root = blake(new byte[] {1}, blake(new byte[] {1}, leaves[0], leaves[1]), blake(new byte[] {1}, leaves[2], leaves[3]));
    byte[] length = new byte[8];
    for (int i = 0; i < 8; i++) {
      length[i] = (byte) (m.unencodedLength() >>> (8 * i));
    }
    return blake(new byte[] {1}, length, root);
  }

  @Test
  void shouldDeriveTheBlobIdFromTypeLengthAndPairRoot() {
    BlobMetadata m = randomMetadata(new Random(1), 4, 0x0102_0304_0506L);
    assertThat(m.computeBlobId().toBytes()).isEqualTo(expectedBlobIdOfFourPairs(m));
  }

  @Test
  void shouldComputeBlobIdFromItsParts() {
    byte[] root = new byte[32];
    Arrays.fill(root, (byte) 0x11);
    BlobId id = BlobId.compute(EncodingType.RS2, 33, Node.digest(root));
    byte[] input = new byte[41];
    input[0] = 1;
    input[1] = 33;
    System.arraycopy(root, 0, input, 9, 32);
    assertThat(id.toBytes()).isEqualTo(blake(input));
    assertThatThrownBy(() -> BlobId.compute(EncodingType.RS2, -1, Node.EMPTY)).isInstanceOf(InvalidSizeException.class);
  }

  @Test
  void shouldEncodeTheWalrusBcsLayout() {
    byte[] p = new byte[32];
    Arrays.fill(p, (byte) 0xaa);
    BlobMetadata m = new BlobMetadata(EncodingType.RS2, 33, List.of(new SliverPairMetadata(Node.digest(p), Node.EMPTY)));
    String hex = HexFormat.of().formatHex(m.toBcs());
    // V1 tag, RS2, u64 33, one pair: Digest(aa..), Empty
    assertThat(hex).isEqualTo("00" + "01" + "2100000000000000" + "01" + "01" + "aa".repeat(32) + "00");
    BlobId id = m.computeBlobId();
    BlobMetadataWithId withId = new BlobMetadataWithId(id, m);
    assertThat(HexFormat.of().formatHex(withId.toBcs())).isEqualTo(id.toHex() + hex);
    assertThat(BlobMetadataWithId.fromBcs(withId.toBcs())).isEqualTo(withId);
  }

  @Test
  void shouldVerifyMatchingMetadata() {
    EncodingConfig config = new EncodingConfig(10);
    BlobMetadata m = randomMetadata(new Random(2), 10, 1000);
    VerifiedBlobMetadata verified = new BlobMetadataWithId(m.computeBlobId(), m).verify(config);
    assertThat(verified.blobId()).isEqualTo(m.computeBlobId());
    assertThat(verified.unencodedLength()).isEqualTo(1000);
    assertThat(verified.hash(3, SliverType.SECONDARY)).isEqualTo(m.hashes().get(3).secondaryHash());
    assertThat(BlobMetadataWithId.fromBcs(verified.toBcs()).verify(config)).isEqualTo(verified);
  }

  @Test
  void shouldRejectAWrongBlobId() {
    BlobMetadata m = randomMetadata(new Random(3), 10, 1000);
    byte[] other = m.computeBlobId().toBytes();
    other[0] ^= 1;
    assertThatThrownBy(() -> new BlobMetadataWithId(BlobId.of(other), m).verify(new EncodingConfig(10)))
        .isInstanceOf(HashMismatchException.class)
        .hasMessageContaining("commit to blob ID");
  }

  @Test
  void shouldRejectTamperedHashes() {
    BlobMetadata m = randomMetadata(new Random(4), 10, 1000);
    BlobId id = m.computeBlobId();
    List<SliverPairMetadata> pairs = new ArrayList<>(m.hashes());
    pairs.set(9, new SliverPairMetadata(pairs.get(9).primaryHash(), Node.EMPTY));
    BlobMetadata tampered = new BlobMetadata(EncodingType.RS2, 1000, pairs);
    assertThatThrownBy(() -> new BlobMetadataWithId(id, tampered).verify(new EncodingConfig(10)))
        .isInstanceOf(HashMismatchException.class);
    BlobMetadata longer = new BlobMetadata(EncodingType.RS2, 1001, m.hashes());
    assertThatThrownBy(() -> new BlobMetadataWithId(id, longer).verify(new EncodingConfig(10)))
        .isInstanceOf(HashMismatchException.class);
  }

  @Test
  void shouldRejectAWrongHashCount() {
    BlobMetadata m = randomMetadata(new Random(5), 9, 1000);
    assertThatThrownBy(() -> new BlobMetadataWithId(m.computeBlobId(), m).verify(new EncodingConfig(10)))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("9 sliver pair hashes, expected 10");
  }

  @Test
  void shouldRejectALengthAboveTheMaximumBlobSize() {
    EncodingConfig config = new EncodingConfig(10);
    BlobMetadata m = randomMetadata(new Random(6), 10, config.maxBlobSize() + 1);
    assertThatThrownBy(() -> new BlobMetadataWithId(m.computeBlobId(), m).verify(config))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("more than the maximum");
    BlobMetadata atMax = randomMetadata(new Random(6), 10, config.maxBlobSize());
    new BlobMetadataWithId(atMax.computeBlobId(), atMax).verify(config);
  }

  @Test
  void shouldRejectMalformedBcs() {
    BlobMetadata m = randomMetadata(new Random(7), 4, 12);
    byte[] good = m.toBcs();
    byte[] badVersion = good.clone();
    badVersion[0] = 1;
    assertThatThrownBy(() -> BlobMetadata.fromBcs(badVersion))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("BlobMetadata version");
    byte[] raptorQ = good.clone();
    raptorQ[1] = 0;
    assertThatThrownBy(() -> BlobMetadata.fromBcs(raptorQ))
        .isInstanceOf(UnsupportedEncodingTypeException.class)
        .hasMessageContaining("retired");
    byte[] hugeLength = good.clone();
    hugeLength[9] = (byte) 0x80;
    assertThatThrownBy(() -> BlobMetadata.fromBcs(hugeLength))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("exceeds 2^63-1");
    assertThatThrownBy(() -> BlobMetadata.fromBcs(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("trailing");
    byte[] manyPairs = Arrays.copyOf(good, 14);
    manyPairs[10] = (byte) 0xff;
    manyPairs[11] = (byte) 0xff;
    manyPairs[12] = (byte) 0x03;
    assertThatThrownBy(() -> BlobMetadata.fromBcs(manyPairs))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("vector length 65535");
  }

  @Test
  void shouldRejectAnOutOfRangePairIndex() {
    BlobMetadata m = randomMetadata(new Random(8), 4, 12);
    assertThatThrownBy(() -> m.hash(4, SliverType.PRIMARY)).isInstanceOf(InvalidSizeException.class);
  }
}
