package dev.floe.core.rs;

/**
 * Moves one strip of symbol bytes between caller arrays and {@link Work} rows.
 *
 * <p>The elements of all codewords are numbered in one sequence, {@code g = t * (symbolSize/2) + e}
 * for element {@code e} of codeword {@code t}; a strip is the range {@code [start, end)} of that
 * sequence, so a strip holds many small codewords or a slice of one large one. Within a symbol,
 * element {@code e} of a full 64-byte block has its low byte at block offset {@code e % 32} and its
 * high byte 32 bytes later; a trailing partial block of {@code T} bytes holds {@code T/2} low bytes
 * then {@code T/2} high bytes (reed-solomon-simd's shard format).
 */
final class StripIo {
  private static final int SMALL_COPY = 16;

  private final Work work;
  private final int symbolSize;
  private final int elementsPerSymbol;
  private final int fullElements;
  private final int tailHalf;
  private long start;
  private long end;

  StripIo(Work work, int symbolSize) {
    this.work = work;
    this.symbolSize = symbolSize;
    this.elementsPerSymbol = symbolSize >>> 1;
    this.fullElements = (symbolSize >>> 6) << 5;
    this.tailHalf = (symbolSize & 63) >>> 1;
  }

  void setStrip(long start, long end) {
    this.start = start;
    this.end = end;
  }

  /** Loads symbol {@code k} of {@code set} for the strip's codewords into work row {@code row}. */
  void load(SymbolSet set, int k, int row) {
    transfer(set, k, row, true);
  }

  /** Stores work row {@code row} as symbol {@code k} of {@code set} for the strip's codewords. */
  void store(int row, SymbolSet set, int k) {
    transfer(set, k, row, false);
  }

  private void transfer(SymbolSet set, int k, int row, boolean load) {
    byte[] array = set.arrays[k];
    byte[] buf = work.buf;
    int lo = work.lo(row);
    int hi = lo + work.half;
    long t = start / elementsPerSymbol;
    int e = (int) (start - t * elementsPerSymbol);
    long g = start;
    while (g < end) {
      int n = (int) Math.min(elementsPerSymbol - e, end - g);
      int base = set.offset(k, t);
      int stop = e + n;
      while (e < stop) {
        int m;
        int srcLo;
        int srcHi;
        if (e < fullElements) {
          int lane = e & 31;
          m = Math.min(32 - lane, stop - e);
          srcLo = base + ((e >>> 5) << 6) + lane;
          srcHi = srcLo + 32;
        } else {
          m = stop - e;
          srcLo = base + 2 * fullElements + (e - fullElements);
          srcHi = srcLo + tailHalf;
        }
        if (load) {
          copy(array, srcLo, buf, lo, m);
          copy(array, srcHi, buf, hi, m);
        } else {
          copy(buf, lo, array, srcLo, m);
          copy(buf, hi, array, srcHi, m);
        }
        lo += m;
        hi += m;
        e += m;
      }
      g += n;
      t++;
      e = 0;
    }
  }

  private static void copy(byte[] src, int srcPos, byte[] dst, int dstPos, int length) {
    if (length < SMALL_COPY) {
      for (int i = 0; i < length; i++) {
        dst[dstPos + i] = src[srcPos + i];
      }
    } else {
      System.arraycopy(src, srcPos, dst, dstPos, length);
    }
  }
}
