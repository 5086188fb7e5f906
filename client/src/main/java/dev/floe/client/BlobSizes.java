package dev.floe.client;

import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidSizeException;

/**
 * Size arithmetic of the read paths, in {@code long} throughout: blobs may exceed {@link
 * Integer#MAX_VALUE} bytes, only what is returned as a {@code byte[]} must fit in an array.
 */
final class BlobSizes {
  /** The largest byte array the JVM reliably allocates. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

  private BlobSizes() {}

  /** Whether {@code bytes} bytes fit in one byte array. */
  static boolean fitsInArray(long bytes) {
    return bytes >= 0 && bytes <= MAX_ARRAY_BYTES;
  }

  /** Whether a blob of {@code size} bytes is read into memory under {@code inMemoryLimit}. */
  static boolean readsInMemory(long size, long inMemoryLimit) {
    return size <= inMemoryLimit && fitsInArray(size);
  }

  /**
   * Fails unless a blob of {@code size} bytes fits in a byte array.
   *
   * @throws InvalidSizeException naming the file-based alternative
   */
  static void requireArraySized(BlobId blobId, long size) {
    if (!fitsInArray(size)) {
      throw new InvalidSizeException("blob " + blobId + " has " + size + " bytes, more than a byte array holds ("
          + MAX_ARRAY_BYTES + "); read it into a file (readTo) or read byte ranges");
    }
  }

  /**
   * The exclusive end of the range of {@code length} bytes from {@code start} in a blob of {@code
   * size} bytes, clamped to the blob's end without overflowing.
   *
   * @throws IllegalArgumentException if start or length is negative or start lies beyond the end
   * @throws InvalidSizeException if the clamped range does not fit in a byte array
   */
  static long rangeEnd(long start, long length, long size) {
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("start and length must not be negative: " + start + ", " + length);
    }
    if (start > size || (start == size && length > 0)) {
      throw new IllegalArgumentException("start " + start + " is beyond the end of the blob (" + size + " bytes)");
    }
    long end = length >= size - start ? size : start + length;
    if (!fitsInArray(end - start)) {
      throw new InvalidSizeException("a range of " + (end - start) + " bytes does not fit in a byte array (at most "
          + MAX_ARRAY_BYTES + "); read smaller ranges or read the blob into a file");
    }
    return end;
  }
}
