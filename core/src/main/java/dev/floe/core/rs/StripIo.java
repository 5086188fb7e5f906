package dev.floe.core.rs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Moves one strip of symbol bytes between caller arrays and {@link Work} rows.
 *
 * <p>The elements of all codewords are numbered in one sequence, {@code g = t * (symbolSize/2) + e}
 * for element {@code e} of codeword {@code t}; a strip is the range {@code [start, end)} of that
 * sequence, so a strip holds many small codewords or a slice of one large one, and element {@code
 * g} lands at position {@code g - start} of the work row's two planes. Within a symbol, element
 * {@code e} of a full 64-byte block has its low byte at block offset {@code e % 32} and its high
 * byte 32 bytes later; a trailing partial block of {@code T} bytes holds {@code T/2} low bytes then
 * {@code T/2} high bytes (reed-solomon-simd's shard format).
 */
final class StripIo {
  private static final int LONG_COPY_MIN = 8;
  private static final int LONG_COPY_MAX = 64;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Work work;
  private final Engine engine;
  private final int symbolSize;
  private final int elementsPerSymbol;
  private final int fullElements;
  private final int tailHalf;
  private long start;
  private long end;

  StripIo(Work work, Engine engine, int symbolSize) {
    this.work = work;
    this.engine = engine;
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
    int lo = work.row(row);
    int hiOffset = work.half;
    long t = start / elementsPerSymbol;
    int e = (int) (start - t * elementsPerSymbol);
    for (long g = start; g < end; t++, e = 0) {
      int n = (int) Math.min(elementsPerSymbol - e, end - g);
      g += n;
      int base = set.offset(k, t);
      int stop = e + n;
      while (e < stop) {
        int m;
        int symbolLo;
        int symbolHi;
        if ((e & 31) == 0 && e + 32 <= Math.min(stop, fullElements)) {
          // Whole 64-byte blocks: split into (or join from) the two planes in bulk.
          int blocks = (Math.min(stop, fullElements) - e) >>> 5;
          int symbolPos = base + (e << 1);
          if (load) {
            engine.splitBlocks(array, symbolPos, buf, lo, lo + hiOffset, blocks);
          } else {
            engine.joinBlocks(buf, lo, lo + hiOffset, array, symbolPos, blocks);
          }
          lo += blocks << 5;
          e += blocks << 5;
          continue;
        }
        if (e < fullElements) {
          int lane = e & 31;
          m = Math.min(32 - lane, stop - e);
          symbolLo = base + ((e >>> 5) << 6) + lane;
          symbolHi = symbolLo + 32;
        } else {
          m = stop - e;
          symbolLo = base + 2 * fullElements + (e - fullElements);
          symbolHi = symbolLo + tailHalf;
        }
        move(array, symbolLo, buf, lo, m, load);
        move(array, symbolHi, buf, lo + hiOffset, m, load);
        lo += m;
        e += m;
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
    if (length >= LONG_COPY_MIN && length <= LONG_COPY_MAX) {
      // Short runs (one block half is 32 bytes) are cheaper as long moves than as arraycopy calls.
      int i = 0;
      for (; i + 8 <= length; i += 8) {
        LONGS.set(dst, dstPos + i, (long) LONGS.get(src, srcPos + i));
      }
      for (; i < length; i++) {
        dst[dstPos + i] = src[srcPos + i];
      }
    } else if (length < LONG_COPY_MIN) {
      for (int i = 0; i < length; i++) {
        dst[dstPos + i] = src[srcPos + i];
      }
    } else {
      System.arraycopy(src, srcPos, dst, dstPos, length);
    }
  }
}
