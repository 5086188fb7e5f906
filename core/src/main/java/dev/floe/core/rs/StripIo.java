package dev.floe.core.rs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

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
  private final int elementsPerSymbol;
  private final int fullElements;
  private final int tailHalf;

  /*
   * The strip's layout as a list of pieces, the same for every symbol of the call (only the
   * symbol's base offset differs), so it is worked out once per strip instead of once per symbol
   * and strip. Piece i covers codeword pieceCodeword[i]; its bytes sit at pieceLo[i] (low bytes)
   * and pieceHi[i] (high bytes) from the symbol's start and at work position pieceWork[i]. A
   * positive pieceBlocks[i] means that many whole 64-byte blocks (pieceHi unused); otherwise
   * pieceLength[i] elements of one block half or of the tail.
   */
  private int pieces;
  private long[] pieceCodeword = new long[8];
  private int[] pieceLo = new int[8];
  private int[] pieceHi = new int[8];
  private int[] pieceWork = new int[8];
  private int[] pieceBlocks = new int[8];
  private int[] pieceLength = new int[8];

  StripIo(Work work, Engine engine, int symbolSize) {
    this.work = work;
    this.engine = engine;
    this.elementsPerSymbol = symbolSize >>> 1;
    this.fullElements = (symbolSize >>> 6) << 5;
    this.tailHalf = (symbolSize & 63) >>> 1;
  }

  /** Selects the elements {@code [start, end)} of the call's element sequence as the current strip. */
  void setStrip(long start, long end) {
    pieces = 0;
    int w = 0;
    long t = start / elementsPerSymbol;
    int e = (int) (start - t * elementsPerSymbol);
    for (long g = start; g < end; t++, e = 0) {
      int stop = (int) Math.min(elementsPerSymbol, e + (end - g));
      g += stop - e;
      while (e < stop) {
        int fullStop = Math.min(stop, fullElements);
        if ((e & 31) == 0 && e + 32 <= fullStop) {
          // Whole 64-byte blocks: split into (or joined from) the two planes in bulk.
          int blocks = (fullStop - e) >>> 5;
          add(t, e << 1, 0, w, blocks, 0);
          w += blocks << 5;
          e += blocks << 5;
        } else if (e < fullElements) {
          int lane = e & 31;
          int m = Math.min(32 - lane, stop - e);
          int lo = ((e >>> 5) << 6) + lane;
          add(t, lo, lo + 32, w, 0, m);
          w += m;
          e += m;
        } else {
          int m = stop - e;
          int lo = 2 * fullElements + (e - fullElements);
          add(t, lo, lo + tailHalf, w, 0, m);
          w += m;
          e += m;
        }
      }
    }
  }

  private void add(long codeword, int lo, int hi, int workPos, int blocks, int length) {
    if (pieces == pieceLo.length) {
      int size = 2 * pieces;
      pieceCodeword = Arrays.copyOf(pieceCodeword, size);
      pieceLo = Arrays.copyOf(pieceLo, size);
      pieceHi = Arrays.copyOf(pieceHi, size);
      pieceWork = Arrays.copyOf(pieceWork, size);
      pieceBlocks = Arrays.copyOf(pieceBlocks, size);
      pieceLength = Arrays.copyOf(pieceLength, size);
    }
    pieceCodeword[pieces] = codeword;
    pieceLo[pieces] = lo;
    pieceHi[pieces] = hi;
    pieceWork[pieces] = workPos;
    pieceBlocks[pieces] = blocks;
    pieceLength[pieces] = length;
    pieces++;
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
    int hi = lo + work.half;
    for (int i = 0; i < pieces; i++) {
      int base = set.offset(k, pieceCodeword[i]);
      int w = pieceWork[i];
      int blocks = pieceBlocks[i];
      if (blocks > 0) {
        if (load) {
          engine.splitBlocks(array, base + pieceLo[i], buf, lo + w, hi + w, blocks);
        } else {
          engine.joinBlocks(buf, lo + w, hi + w, array, base + pieceLo[i], blocks);
        }
      } else {
        int m = pieceLength[i];
        move(array, base + pieceLo[i], buf, lo + w, m, load);
        move(array, base + pieceHi[i], buf, hi + w, m, load);
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
