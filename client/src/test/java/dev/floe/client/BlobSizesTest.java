package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidSizeException;
import org.junit.jupiter.api.Test;

/** The read paths' size arithmetic for blobs beyond {@link Integer#MAX_VALUE} bytes. */
class BlobSizesTest {
  private static final long FIVE_GIB = 5L << 30;

  @Test
  void shouldReadOnlyBlobsThatFitAnArrayAndTheLimitInMemory() {
    assertThat(BlobSizes.fitsInArray(Integer.MAX_VALUE - 16)).isTrue();
    assertThat(BlobSizes.fitsInArray(Integer.MAX_VALUE)).isFalse();
    assertThat(BlobSizes.fitsInArray(FIVE_GIB)).isFalse();
    assertThat(BlobSizes.fitsInArray(-1)).isFalse();
    assertThat(BlobSizes.readsInMemory(100, 100)).isTrue();
    assertThat(BlobSizes.readsInMemory(101, 100)).isFalse();
    assertThat(BlobSizes.readsInMemory(FIVE_GIB, Long.MAX_VALUE)).as("never an array over 2 GiB").isFalse();
  }

  @Test
  void shouldPointToReadToForBlobsTooLargeForAnArray() {
    BlobId id = BlobId.of(new byte[32]);
    BlobSizes.requireArraySized(id, BlobSizes.MAX_ARRAY_BYTES);
    assertThatThrownBy(() -> BlobSizes.requireArraySized(id, FIVE_GIB))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining(Long.toString(FIVE_GIB))
        .hasMessageContaining("readTo");
  }

  @Test
  void shouldClampRangesOfHugeBlobsWithoutOverflowing() {
    assertThat(BlobSizes.rangeEnd(FIVE_GIB - 10, Long.MAX_VALUE, FIVE_GIB)).isEqualTo(FIVE_GIB);
    assertThat(BlobSizes.rangeEnd(4L << 30, 1000, FIVE_GIB)).isEqualTo((4L << 30) + 1000);
    assertThat(BlobSizes.rangeEnd(FIVE_GIB, 0, FIVE_GIB)).isEqualTo(FIVE_GIB);
    assertThat(BlobSizes.rangeEnd(0, BlobSizes.MAX_ARRAY_BYTES, FIVE_GIB)).isEqualTo(BlobSizes.MAX_ARRAY_BYTES);
    assertThatThrownBy(() -> BlobSizes.rangeEnd(0, BlobSizes.MAX_ARRAY_BYTES + 1, FIVE_GIB))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("does not fit in a byte array");
    assertThatThrownBy(() -> BlobSizes.rangeEnd(1, Long.MAX_VALUE, FIVE_GIB))
        .as("an open-ended range of a 5 GiB blob").isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> BlobSizes.rangeEnd(FIVE_GIB, 1, FIVE_GIB))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the end");
    assertThatThrownBy(() -> BlobSizes.rangeEnd(-1, 1, FIVE_GIB)).isInstanceOf(IllegalArgumentException.class);
  }
}
