package dev.floe.core.rs;

import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reed-Solomon erasure code over GF(2^16), byte-exact with the Rust crate reed-solomon-simd 3.1.0
 * (Walrus's "RS2"): {@code originalCount} original shards give {@code recoveryCount} recovery
 * shards, and any {@code originalCount} of the {@code originalCount + recoveryCount} shards give
 * back the originals.
 *
 * <p>Codeword index {@code k < originalCount} is original {@code k}; index {@code k >=
 * originalCount} is recovery shard {@code k - originalCount}. Shards (symbols) are byte arrays of
 * one even length; their bytes map to field elements as in the crate (see {@link StripIo}). The
 * high/low {@link Rate} is chosen exactly as the crate's {@code DefaultRate} does, so the recovery
 * bytes match the crate's.
 *
 * <p>Instances are immutable and thread-safe: concurrent calls on one instance are fine, each call
 * uses scratch memory of its own thread. Obtain them with {@link #of}, which caches per count pair.
 */
public final class ReedSolomon {
  private static final ConcurrentHashMap<Long, ReedSolomon> CACHE = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 1024;

  private final RateCodec codec;
  /** A fixed engine (tests, benchmarks), or null to take {@link Engines#current()} per call. */
  private final Engine engine;
  private final StripRunner runner;

  private ReedSolomon(RateCodec codec, Engine engine, StripRunner runner) {
    this.codec = codec;
    this.engine = engine;
    this.runner = runner;
  }

  private ReedSolomon(RateCodec codec, Engine engine) {
    this(codec, engine, new StripRunner(StripRunner.DEFAULT_BUDGET_BYTES));
  }

  /**
   * The codec for {@code originalCount} originals and {@code recoveryCount} recovery shards.
   *
   * @throws InvalidSizeException if reed-solomon-simd does not support the counts (each at least 1,
   *     and the smaller rounded up to a power of two plus the larger at most 65536)
   */
  public static ReedSolomon of(int originalCount, int recoveryCount) {
    Rate rate = Rate.defaultFor(originalCount, recoveryCount);
    long key = ((long) originalCount << 32) | recoveryCount;
    ReedSolomon cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    ReedSolomon created = new ReedSolomon(RateCodec.of(rate, originalCount, recoveryCount), null);
    if (CACHE.size() < CACHE_LIMIT) {
      ReedSolomon raced = CACHE.putIfAbsent(key, created);
      return raced != null ? raced : created;
    }
    return created;
  }

  /** A codec with a forced rate and engine, for tests and benchmarks; not cached. */
  static ReedSolomon of(int originalCount, int recoveryCount, Rate rate, Engine engine) {
    Rate.checkCounts(originalCount, recoveryCount);
    if (!rate.supports(originalCount, recoveryCount)) {
      throw Rate.unsupported(originalCount, recoveryCount);
    }
    return new ReedSolomon(RateCodec.of(rate, originalCount, recoveryCount), engine);
  }

  /** The same codec cutting work into strips of about {@code budgetBytes} (tests use tiny strips). */
  ReedSolomon withStripBudget(int budgetBytes) {
    return new ReedSolomon(codec, engine, new StripRunner(budgetBytes));
  }

  /**
   * Blocks until the SIMD engine has been warmed up, so that the next calls run at full speed (a
   * server may call this at start-up; calls made before it completes are correct, just slower).
   *
   * @return true if calls now use the Vector API engine; false if it is not available (the JVM
   *     was started without {@code --add-modules jdk.incubator.vector}), switched off, or the
   *     timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public static boolean warmUp(Duration timeout) throws InterruptedException {
    return Engines.awaitVector(timeout.toMillis());
  }

  public int originalCount() {
    return codec.originalCount;
  }

  public int recoveryCount() {
    return codec.recoveryCount;
  }

  public Rate rate() {
    return codec.rate();
  }

  Engine engine() {
    return engine != null ? engine : Engines.current();
  }

  /**
   * Computes the recovery shards of {@code originals}, byte for byte what reed-solomon-simd gives.
   *
   * @param originals exactly {@link #originalCount()} shards, all of the same even, non-zero length
   * @return {@link #recoveryCount()} new shards of that length
   * @throws InvalidSizeException if the count or a length is wrong
   */
  public byte[][] encode(byte[][] originals) {
    if (originals == null || originals.length != codec.originalCount) {
      throw new InvalidSizeException(
          "expected "
              + codec.originalCount
              + " original shards, got "
              + (originals == null ? "null" : originals.length));
    }
    int shardBytes = commonShardSize(originals, "original");
    byte[][] recovery = new byte[codec.recoveryCount][shardBytes];
    runner.encode(codec, engine(), shardBytes, 1, SymbolSet.ofShards(originals), SymbolSet.ofShards(recovery));
    return recovery;
  }

  /**
   * Recovers the originals from any {@link #originalCount()} shards.
   *
   * @param shards {@code originalCount + recoveryCount} entries: originals first, then recovery
   *     shards; {@code null} marks a missing shard; present shards share one even, non-zero length
   * @return all originals, as new arrays
   * @throws NotEnoughSymbolsException if fewer than {@link #originalCount()} shards are present
   * @throws InvalidSizeException if the array length or a shard length is wrong
   */
  public byte[][] decode(byte[][] shards) {
    int total = codec.originalCount + codec.recoveryCount;
    if (shards == null || shards.length != total) {
      throw new InvalidSizeException(
          "expected " + total + " shard slots, got " + (shards == null ? "null" : shards.length));
    }
    int shardBytes = commonShardSize(shards, "present");
    int presentCount = 0;
    for (byte[] shard : shards) {
      if (shard != null) {
        presentCount++;
      }
    }
    int[] present = new int[presentCount];
    byte[][] arrays = new byte[presentCount][];
    int k = 0;
    for (int index = 0; index < total; index++) {
      if (shards[index] != null) {
        present[k] = index;
        arrays[k++] = shards[index];
      }
    }
    byte[][] originals = new byte[codec.originalCount][shardBytes];
    runner.decode(
        codec,
        engine(),
        shardBytes,
        1,
        present,
        SymbolSet.of(arrays, new long[presentCount], 0),
        SymbolSet.ofShards(originals));
    return originals;
  }

  /**
   * Encodes {@code codewords} independent codewords of {@code symbolSize}-byte symbols in one pass.
   * Original symbol {@code i} of codeword {@code t} is read at {@code src[srcOffset +
   * t*srcCodewordStride + i*srcSymbolStride]}; recovery symbol {@code j} of codeword {@code t} is
   * written at {@code dst[dstOffset + t*dstCodewordStride + j*dstSymbolStride]}. Gives exactly
   * what {@link #encode} gives for each codeword.
   *
   * @throws InvalidSizeException if the symbol size is odd or below 2, the codeword count is
   *     negative, or a symbol falls outside its array
   */
  public void encodeBatch(
      int symbolSize,
      int codewords,
      byte[] src,
      long srcOffset,
      long srcSymbolStride,
      long srcCodewordStride,
      byte[] dst,
      long dstOffset,
      long dstSymbolStride,
      long dstCodewordStride) {
    checkBatchShape(symbolSize, codewords);
    SymbolSet in =
        SymbolSet.strided(src, codec.originalCount, srcOffset, srcSymbolStride, srcCodewordStride);
    SymbolSet out =
        SymbolSet.strided(dst, codec.recoveryCount, dstOffset, dstSymbolStride, dstCodewordStride);
    in.checkBounds("source", symbolSize, codewords);
    out.checkBounds("destination", symbolSize, codewords);
    runner.encode(codec, engine(), symbolSize, codewords, in, out);
  }

  /**
   * Decodes {@code codewords} codewords that all lost the same shards. {@code present[k]} is a
   * codeword index in {@code [0, originalCount + recoveryCount)}; the symbol of codeword {@code t}
   * at that index is read at {@code srcs[k][srcOffsets[k] + t*srcCodewordStride]}. Original {@code
   * i} of codeword {@code t} is written at {@code dst[dstOffset + t*dstCodewordStride +
   * i*dstSymbolStride]}.
   *
   * @throws NotEnoughSymbolsException if fewer than {@link #originalCount()} indices are present
   * @throws InvalidSizeException on a duplicate or out-of-range index, mismatched array lengths, an
   *     odd or too small symbol size, or a symbol outside its array
   */
  public void decodeBatch(
      int symbolSize,
      int codewords,
      int[] present,
      byte[][] srcs,
      long[] srcOffsets,
      long srcCodewordStride,
      byte[] dst,
      long dstOffset,
      long dstSymbolStride,
      long dstCodewordStride) {
    checkBatchShape(symbolSize, codewords);
    if (present == null || srcs == null || srcOffsets == null) {
      throw new InvalidSizeException("present, srcs and srcOffsets must not be null");
    }
    if (srcs.length != present.length || srcOffsets.length != present.length) {
      throw new InvalidSizeException(
          "present, srcs and srcOffsets differ in length: "
              + present.length
              + ", "
              + srcs.length
              + ", "
              + srcOffsets.length);
    }
    SymbolSet in = SymbolSet.of(srcs.clone(), srcOffsets.clone(), srcCodewordStride);
    SymbolSet out =
        SymbolSet.strided(dst, codec.originalCount, dstOffset, dstSymbolStride, dstCodewordStride);
    in.checkBounds("source", symbolSize, codewords);
    out.checkBounds("destination", symbolSize, codewords);
    runner.decode(codec, engine(), symbolSize, codewords, present.clone(), in, out);
  }

  private static void checkBatchShape(int symbolSize, int codewords) {
    if (symbolSize < 2 || (symbolSize & 1) != 0) {
      throw new InvalidSizeException("symbol size must be even and at least 2, got " + symbolSize);
    }
    if (codewords < 0) {
      throw new InvalidSizeException("codeword count must not be negative, got " + codewords);
    }
  }

  private static int commonShardSize(byte[][] shards, String what) {
    int size = -1;
    for (int i = 0; i < shards.length; i++) {
      byte[] shard = shards[i];
      if (shard == null) {
        if ("original".equals(what)) {
          throw new InvalidSizeException("original shard " + i + " is null");
        }
        continue;
      }
      if (size < 0) {
        size = shard.length;
        if (size == 0 || (size & 1) != 0) {
          throw new InvalidSizeException("shard size must be even and non-zero, got " + size);
        }
      } else if (shard.length != size) {
        throw new InvalidSizeException(
            "shard " + i + " has " + shard.length + " bytes, expected " + size + " like the others");
      }
    }
    if (size < 0) {
      throw new NotEnoughSymbolsException("no shards present");
    }
    return size;
  }

  @Override
  public String toString() {
    return "ReedSolomon["
        + codec.originalCount
        + " original, "
        + codec.recoveryCount
        + " recovery, "
        + codec.rate()
        + ", "
        + engine().name()
        + "]";
  }
}
