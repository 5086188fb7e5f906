package dev.floe.bench.hash;

import dev.floe.core.crypto.Blake2b256;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread Blake2b-256 throughput, Floe's {@link Blake2b256} against BouncyCastle's {@link
 * Blake2bDigest}, on 65-byte inputs (one Merkle inner node) and 1 KiB inputs. MB/s = size /
 * (ns/op) * 1000. {@code floeBatch} hashes {@value #BATCH} messages of that size per operation
 * through the batch API (four vector lanes when available); divide its time by {@value #BATCH}.
 *
 * <p>Run: {@code java -jar benchmarks/target/floe-benchmarks.jar Blake2bBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--add-modules", "jdk.incubator.vector"})
public class Blake2bBenchmark {
  @Param({"65", "1024"})
  int size;

  static final int BATCH = 64;

  private byte[] input;
  private byte[] batchInput;
  private final byte[] batchOut = new byte[BATCH * 32];
  private final byte[] out = new byte[32];
  private final Blake2bDigest bouncyCastle = new Blake2bDigest(256);

  @Setup
  public void setUp() {
    input = new byte[size];
    new Random(1).nextBytes(input);
    // leafHashes prefixes 0x00, so size - 1 data bytes give messages of exactly size bytes
    batchInput = new byte[BATCH * (size - 1)];
    new Random(2).nextBytes(batchInput);
  }

  @Benchmark
  public byte[] floe() {
    Blake2b256.hash(input, 0, size, out, 0);
    return out;
  }

  @Benchmark
  public byte[] floeBatch() {
    Blake2b256.leafHashes(batchInput, 0, size - 1, BATCH, batchOut, 0);
    return batchOut;
  }

  @Benchmark
  public byte[] bouncyCastle() {
    bouncyCastle.update(input, 0, size);
    bouncyCastle.doFinal(out, 0);
    return out;
  }
}
