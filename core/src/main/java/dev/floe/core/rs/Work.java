package dev.floe.core.rs;

/**
 * Scratch rows for one transform, owned by one thread at a time.
 *
 * <p>Rows use reed-solomon-simd's shard format: every 64-byte block holds 32 field elements, their
 * low bytes first and their high bytes 32 bytes later. Row {@code r} starts at {@code r *
 * rowBytes}; only its first {@link #liveBytes} bytes are live for the current strip. Both sizes are
 * multiples of {@link #BLOCK}, so engines never need a scalar tail.
 */
final class Work {
  /** Bytes per block of 32 elements. */
  static final int BLOCK = 64;
  /** Elements per block. */
  static final int BLOCK_ELEMENTS = 32;

  byte[] buf = new byte[0];
  /** Bytes per row (capacity). */
  int rowBytes;
  /** Live bytes per row in the current strip (a multiple of {@link #BLOCK}, at most {@code rowBytes}). */
  int liveBytes;

  /** Prepares {@code rows} rows of {@code rowBytes} bytes, reusing the buffer when it is big enough. */
  void reset(int rows, int rowBytes) {
    this.rowBytes = rowBytes;
    long needed = (long) rows * rowBytes;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("work area too large: " + needed + " bytes");
    }
    if (buf.length < needed) {
      buf = new byte[(int) needed];
    }
    this.liveBytes = rowBytes;
  }

  /** Byte offset of row {@code row}. */
  int row(int row) {
    return row * rowBytes;
  }
}
