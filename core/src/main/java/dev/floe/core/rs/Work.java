package dev.floe.core.rs;

/**
 * Scratch rows for one transform, owned by one thread at a time.
 *
 * <p>Row {@code r} starts at {@code r * rowBytes} and holds up to {@link #half} field elements as
 * two byte planes: the low bytes first, the high bytes {@code half} bytes later. Only the first
 * {@link #width} elements of each plane are live for the current strip. Both {@code half} and
 * {@code width} are multiples of {@link #LANES}, so engines never need a scalar tail. (Separate
 * planes measured faster than the crate's interleaved 32/32 blocks with the Vector API.)
 */
final class Work {
  /**
   * Element granularity of rows and strips: two 64-byte blocks of a shard, so that a plane's live
   * bytes are a whole number of 512-bit vectors.
   */
  static final int LANES = 64;

  byte[] buf = new byte[0];
  /** Capacity of a row in elements; the high plane starts this many bytes into the row. */
  int half;
  /** Bytes per row: {@code 2 * half}. */
  int rowBytes;
  /** Live elements per row in the current strip (a multiple of {@link #LANES}, at most {@code half}). */
  int width;

  /** Prepares {@code rows} rows of {@code half} elements, reusing the buffer when it is big enough. */
  void reset(int rows, int half) {
    this.half = half;
    this.rowBytes = 2 * half;
    long needed = (long) rows * rowBytes;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("work area too large: " + needed + " bytes");
    }
    if (buf.length < needed) {
      buf = new byte[(int) needed];
    }
    this.width = half;
  }

  /** Byte offset of row {@code row} (its low plane). */
  int row(int row) {
    return row * rowBytes;
  }
}
