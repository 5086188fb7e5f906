package dev.floe.bench.rs;

import dev.floe.core.rs.ReedSolomon;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RS2 encode throughput on one thread, for the two Walrus codes of a 1000-shard system: primary
 * (334 originals, 666 recovery, low rate) and secondary (667, 333, high rate). The {@code
 * sourceBytes} counter is the figure to read: bytes of originals encoded per second (divide by
 * 10^6 for MB/s). Run with {@code --add-modules jdk.incubator.vector}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ReedSolomonBenchmark {

  /** Bytes of source processed, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Source {
    public long sourceBytes;
  }

  /** One codec and one set of originals. */
  @State(Scope.Thread)
  public static class Shards {
    @Param({"334/666", "667/333"})
    public String counts;

    @Param({"1024", "65536"})
    public int shardBytes;

    ReedSolomon rs;
    byte[][] originals;
    byte[][] survivors;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
      String[] parts = counts.split("/");
      int original = Integer.parseInt(parts[0]);
      int recovery = Integer.parseInt(parts[1]);
      if (!ReedSolomon.warmUp(Duration.ofMinutes(2))) {
        System.err.println("WARNING: the Vector API engine is not active; measuring the scalar engine");
      }
      rs = ReedSolomon.of(original, recovery);
      Random random = new Random(42);
      originals = new byte[original][shardBytes];
      for (byte[] shard : originals) {
        random.nextBytes(shard);
      }
      // Decode input: the last `original` shards (as many recovery shards as possible).
      byte[][] recoveryShards = rs.encode(originals);
      survivors = new byte[original + recovery][];
      int keep = original;
      for (int index = original + recovery - 1; index >= 0 && keep > 0; index--, keep--) {
        survivors[index] = index < original ? originals[index] : recoveryShards[index - original];
      }
    }
  }

  @Benchmark
  public byte[][] encode(Shards shards, Source source) {
    source.sourceBytes += (long) shards.originals.length * shards.shardBytes;
    return shards.rs.encode(shards.originals);
  }

  @Benchmark
  public byte[][] decode(Shards shards, Source source) {
    source.sourceBytes += (long) shards.originals.length * shards.shardBytes;
    return shards.rs.decode(shards.survivors);
  }

  /**
   * Red Stuff's shape: many codewords of small symbols in one call (here a 14 MB blob's primary
   * encoding when {@code symbolSize} is 64).
   */
  @State(Scope.Thread)
  public static class Batch {
    @Param({"2", "64"})
    public int symbolSize;

    static final int ROWS = 334;
    static final int COLUMNS = 667;
    ReedSolomon rs;
    byte[] matrix;
    byte[] out;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
      ReedSolomon.warmUp(Duration.ofMinutes(2));
      rs = ReedSolomon.of(ROWS, 1000 - ROWS);
      matrix = new byte[ROWS * COLUMNS * symbolSize];
      new Random(7).nextBytes(matrix);
      out = new byte[(1000 - ROWS) * COLUMNS * symbolSize];
    }
  }

  /** Primary encoding of a row-major matrix: codeword = column, symbol stride = one row. */
  @Benchmark
  public byte[] encodeBatchColumns(Batch batch, Source source) {
    int s = batch.symbolSize;
    long row = (long) Batch.COLUMNS * s;
    batch.rs.encodeBatch(s, Batch.COLUMNS, batch.matrix, 0, row, s, batch.out, 0, row, s);
    source.sourceBytes += batch.matrix.length;
    return batch.out;
  }
}
