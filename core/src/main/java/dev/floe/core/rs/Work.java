package dev.floe.core.rs;

/**
 * Scratch rows for one transform, owned by one thread at a time.
 *
 * <p>Row {@code r} holds up to {@link #half} field elements as two byte planes: the low bytes at
 * {@code r * rowBytes}, the high bytes {@code half} bytes later. Only the first {@link #width}
 * elements of each row are live for the current strip; {@code width} is a multiple of {@link
 * #LANES} so vector engines never need a scalar tail.
 */
final class Work {
  /** Elements per vector block: widths are always a multiple of this. */
  static final int LANES = 64;

  byte[] buf = new byte[0];
  /** Capacity in elements of one row (offset of the high-byte plane within a row). */
  int half;
  /** Bytes per row: {@code 2 * half}. */
  int rowBytes;
  /** Live elements per row in the current strip (multiple of {@link #LANES}, at most {@code half}). */
  int width;

  /** Prepares {@code rows} rows of {@code half} elements each, reusing the buffer when it is big enough. */
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

  int lo(int row) {
    return row * rowBytes;
  }
}
