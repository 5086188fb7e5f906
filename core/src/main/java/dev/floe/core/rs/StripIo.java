package dev.floe.core.rs;

/**
 * Moves one strip of symbol bytes between caller arrays and {@link Work} rows.
 *
 * <p>The elements of all codewords are numbered in one sequence, {@code g = t * (symbolSize/2) + e}
 * for element {@code e} of codeword {@code t}; a strip is the range {@code [start, end)} of that
 * sequence, so a strip holds many small codewords or a slice of one large one, and element {@code
 * g} lands at position {@code g - start} of the work row. Within a symbol, element {@code e} of a
 * full 64-byte block has its low byte at block offset {@code e % 32} and its high byte 32 bytes
 * later; a trailing partial block of {@code T} bytes holds {@code T/2} low bytes then {@code T/2}
 * high bytes (reed-solomon-simd's shard format). Work rows use the full-block format throughout,
 * so aligned whole blocks are copied as they are.
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
    int rowBase = work.row(row);
    long t = start / elementsPerSymbol;
    int e = (int) (start - t * elementsPerSymbol);
    int p = 0;
    for (long g = start; g < end; t++, e = 0) {
      int n = (int) Math.min(elementsPerSymbol - e, end - g);
      g += n;
      int base = set.offset(k, t);
      int stop = e + n;
      while (e < stop) {
        int workLane = p & 31;
        int workLo = rowBase + ((p >>> 5) << 6) + workLane;
        int m;
        if (e < fullElements) {
          int symbolLane = e & 31;
          int symbolLo = base + ((e >>> 5) << 6) + symbolLane;
          if ((symbolLane | workLane) == 0 && stop - e >= 32) {
            // Whole 64-byte blocks have the same layout on both sides.
            m = Math.min(stop, fullElements) - e & ~31;
            move(array, symbolLo, buf, workLo, 2 * m, load);
          } else {
            m = Math.min(Math.min(32 - symbolLane, 32 - workLane), stop - e);
            move(array, symbolLo, buf, workLo, m, load);
            move(array, symbolLo + 32, buf, workLo + 32, m, load);
          }
        } else {
          int symbolLo = base + 2 * fullElements + (e - fullElements);
          m = Math.min(stop - e, 32 - workLane);
          move(array, symbolLo, buf, workLo, m, load);
          move(array, symbolLo + tailHalf, buf, workLo + 32, m, load);
        }
        e += m;
        p += m;
      }
    }
  }

  private static void move(byte[] array, int arrayPos, byte[] buf, int bufPos, int length, boolean load) {
    if (load) {
      copy(array, arrayPos, buf, bufPos, length);
    } else {
      copy(buf, bufPos, array, arrayPos, length);
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
