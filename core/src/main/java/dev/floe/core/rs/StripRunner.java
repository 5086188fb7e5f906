package dev.floe.core.rs;

import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;

/**
 * Cuts a call into strips that fit in cache and runs the rate codec on each. A strip is a range of
 * field-element columns across all shards (see {@link StripIo}); the transforms are column-wise, so
 * strips are independent. Scratch rows come from a per-thread {@link Work}.
 */
final class StripRunner {
  /** Target size of the work rows of one strip: about the size of a 512 KiB L2 cache (measured best). */
  static final int DEFAULT_BUDGET_BYTES = Integer.getInteger("floe.rs.stripBudget", 512 * 1024);
  /** Work areas above this are not kept between calls. */
  private static final int RETAIN_LIMIT_BYTES = 8 * 1024 * 1024;

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private final int budgetBytes;

  /** @param budgetBytes target bytes of work rows per strip (strips are at least one block wide) */
  StripRunner(int budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  void encode(RateCodec codec, Engine engine, int symbolSize, int codewords, SymbolSet in, SymbolSet out) {
    if (codewords == 0) {
      return;
    }
    int rows = codec.encodeRows();
    Work work = WORK.get();
    StripIo io = new StripIo(work, engine, symbolSize);
    long total = (long) codewords * (symbolSize >>> 1);
    int stripElements = stripElements(rows, total);
    work.reset(rows, stripElements);
    for (long start = 0; start < total; start += stripElements) {
      long end = Math.min(total, start + stripElements);
      work.width = roundUp((int) (end - start));
      io.setStrip(start, end);
      codec.encodeStrip(engine, work, io, in, out);
    }
    release(work);
  }

  void decode(
      RateCodec codec,
      Engine engine,
      int symbolSize,
      int codewords,
      int[] present,
      SymbolSet in,
      SymbolSet out) {
    int originalCount = codec.originalCount;
    int total = originalCount + codec.recoveryCount;
    int[] slotOf = new int[total];
    java.util.Arrays.fill(slotOf, -1);
    for (int k = 0; k < present.length; k++) {
      int index = present[k];
      if (index < 0 || index >= total) {
        throw new InvalidSizeException("shard index " + index + " is outside [0, " + total + ")");
      }
      if (slotOf[index] >= 0) {
        throw new InvalidSizeException("shard index " + index + " is given twice");
      }
      slotOf[index] = k;
    }
    if (present.length < originalCount) {
      throw new NotEnoughSymbolsException(
          "need at least " + originalCount + " shards to decode, got " + present.length);
    }
    if (codewords == 0) {
      return;
    }
    // Present originals are copied through; the rest come from the transform.
    int presentOriginals = 0;
    for (int i = 0; i < originalCount; i++) {
      if (slotOf[i] >= 0) {
        presentOriginals++;
        copySymbols(in, slotOf[i], out, i, symbolSize, codewords);
      }
    }
    int missingCount = originalCount - presentOriginals;
    if (missingCount == 0) {
      return;
    }
    int[] missing = new int[missingCount];
    int[] used = new int[originalCount];
    int usedCount = 0;
    int m = 0;
    for (int i = 0; i < originalCount; i++) {
      if (slotOf[i] >= 0) {
        used[usedCount++] = i;
      } else {
        missing[m++] = i;
      }
    }
    for (int index = originalCount; usedCount < originalCount; index++) {
      if (slotOf[index] >= 0) {
        used[usedCount++] = index;
      }
    }
    boolean[] received = new boolean[total];
    byte[][] arrays = new byte[usedCount][];
    long[] bases = new long[usedCount];
    for (int k = 0; k < usedCount; k++) {
      received[used[k]] = true;
      arrays[k] = in.arrays[slotOf[used[k]]];
      bases[k] = in.bases[slotOf[used[k]]];
    }
    SymbolSet usedSet = SymbolSet.of(arrays, bases, in.codewordStride);
    int[] locator = codec.errorLocator(received);

    int rows = codec.decodeRows();
    Work work = WORK.get();
    StripIo io = new StripIo(work, engine, symbolSize);
    long elements = (long) codewords * (symbolSize >>> 1);
    int stripElements = stripElements(rows, elements);
    work.reset(rows, stripElements);
    for (long start = 0; start < elements; start += stripElements) {
      long end = Math.min(elements, start + stripElements);
      work.width = roundUp((int) (end - start));
      io.setStrip(start, end);
      codec.decodeStrip(engine, work, io, usedSet, used, locator, missing, out);
    }
    release(work);
  }

  private static void copySymbols(
      SymbolSet from, int k, SymbolSet to, int j, int symbolSize, int codewords) {
    for (long t = 0; t < codewords; t++) {
      System.arraycopy(from.arrays[k], from.offset(k, t), to.arrays[j], to.offset(j, t), symbolSize);
    }
  }

  /** Elements per strip: fills the budget, a multiple of a block, no wider than needed. */
  int stripElements(int rows, long totalElements) {
    int unit = Work.LANES;
    long byBudget = budgetBytes / (2L * rows);
    long width = Math.max(unit, byBudget / unit * unit);
    long needed = (totalElements + unit - 1) / unit * unit;
    return (int) Math.min(width, needed);
  }

  private static int roundUp(int elements) {
    return (elements + Work.LANES - 1) / Work.LANES * Work.LANES;
  }

  private static void release(Work work) {
    if (work.buf.length > RETAIN_LIMIT_BYTES) {
      WORK.remove();
    }
  }
}
