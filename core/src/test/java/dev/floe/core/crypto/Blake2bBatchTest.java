package dev.floe.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class Blake2bBatchTest {

  private static byte[] reference(byte prefix, byte[] data, int off, int len) {
    Blake2bDigest d = new Blake2bDigest(256);
    d.update(prefix);
    d.update(data, off, len);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static void assertBatch(Blake2bBatch batch, byte prefix, int len, int stride, int count, long seed) {
    Random random = new Random(seed);
    int off = random.nextInt(5);
    byte[] data = new byte[off + Math.max(0, (count - 1) * stride + len) + random.nextInt(3)];
    random.nextBytes(data);
    byte[] out = new byte[3 + count * 32];
    batch.hash(prefix, data, off, stride, len, count, out, 3);
    for (int i = 0; i < count; i++) {
      assertThat(Arrays.copyOfRange(out, 3 + 32 * i, 35 + 32 * i))
          .as("%s: message %d of %d, %d bytes, stride %d", batch.name(), i, count, len, stride)
          .isEqualTo(reference(prefix, data, off + i * stride, len));
    }
  }

  @Test
  void shouldUseTheVectorImplementationWhenTheModuleIsPresent() {
    // the build runs tests with --add-modules jdk.incubator.vector on an AVX2 machine
    assertThat(Blake2bBatches.all()).extracting(Blake2bBatch::name).contains("scalar");
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        && jdk.incubator.vector.LongVector.SPECIES_PREFERRED.vectorBitSize() >= 256) {
      assertThat(Blake2b256.batchImplementation()).isEqualTo("vector-4x64");
    }
  }

  @Test
  void shouldMatchTheReferenceAcrossBlockBoundariesAndGroupSizes() {
    int[] lengths = {0, 1, 2, 7, 8, 63, 64, 65, 126, 127, 128, 129, 254, 255, 256, 257, 1000, 4096};
    for (Blake2bBatch batch : Blake2bBatches.all()) {
      for (int len : lengths) {
        for (int count = 0; count <= 9; count++) {
          assertBatch(batch, (byte) 0, len, len, count, len * 31L + count);
        }
        assertBatch(batch, (byte) 1, len, len + 5, 6, len);
      }
    }
  }

  @Property(tries = 300)
  void everyImplementationAgreesWithTheReference(
      @ForAll @IntRange(max = 700) int len,
      @ForAll @IntRange(max = 40) int extraStride,
      @ForAll @IntRange(max = 17) int count,
      @ForAll long seed) {
    for (Blake2bBatch batch : Blake2bBatches.all()) {
      assertBatch(batch, (byte) 0, len, len + extraStride, count, seed);
    }
  }

  @Test
  void shouldHashLeavesAndInnerNodesThroughThePublicApi() {
    Random random = new Random(12);
    byte[] symbols = new byte[11 * 40];
    random.nextBytes(symbols);
    byte[] leaves = new byte[11 * 32];
    Blake2b256.leafHashes(symbols, 0, 40, 11, leaves, 0);
    for (int i = 0; i < 11; i++) {
      assertThat(Arrays.copyOfRange(leaves, 32 * i, 32 * i + 32)).isEqualTo(reference((byte) 0, symbols, 40 * i, 40));
    }
    byte[] level = leaves.clone();
    Blake2b256.innerHashes(level, 0, 5, level, 0);
    for (int i = 0; i < 5; i++) {
      assertThat(Arrays.copyOfRange(level, 32 * i, 32 * i + 32))
          .as("in-place parent %d", i)
          .isEqualTo(reference((byte) 1, leaves, 64 * i, 64));
    }
  }

  @Test
  void shouldHashAColumnOfAMatrixWithAStride() {
    // 9 rows of 3 symbols of 50 bytes: column 1 is every 150 bytes from offset 50
    Random random = new Random(21);
    byte[] matrix = new byte[9 * 150];
    random.nextBytes(matrix);
    byte[] column = new byte[2 + 9 * 32];
    Blake2b256.leafHashes(matrix, 50, 150, 50, 9, column, 2);
    for (int r = 0; r < 9; r++) {
      assertThat(Arrays.copyOfRange(column, 2 + 32 * r, 34 + 32 * r))
          .as("row %d", r)
          .isEqualTo(reference((byte) 0, matrix, 150 * r + 50, 50));
    }
    assertThatThrownBy(() -> Blake2b256.leafHashes(matrix, 0, 40, 50, 2, column, 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("stride 40 is below the leaf size 50");
    assertThatThrownBy(() -> Blake2b256.leafHashes(matrix, 101, 150, 50, 9, column, 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("do not fit");
  }

  @Test
  void shouldRejectRangesOutsideTheArrays() {
    assertThatThrownBy(() -> Blake2b256.leafHashes(new byte[100], 0, 10, 11, new byte[352], 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("do not fit");
    assertThatThrownBy(() -> Blake2b256.leafHashes(new byte[100], 0, 10, 10, new byte[319], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Blake2b256.leafHashes(new byte[100], -1, 10, 1, new byte[32], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatCode(() -> Blake2b256.innerHashes(new byte[128], 64, 1, new byte[128], 0)).doesNotThrowAnyException();
    byte[] nodes = new byte[256];
    assertThatThrownBy(() -> Blake2b256.innerHashes(nodes, 0, 2, nodes, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outOff <= off");
  }
}
