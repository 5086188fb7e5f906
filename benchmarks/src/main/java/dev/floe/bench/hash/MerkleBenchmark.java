package dev.floe.bench.hash;

import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The encoder's Merkle work per sliver: the root over n precomputed leaf hashes without allocation
 * ({@link MerkleTree#rootOfLeafHashes}), and hashing n symbols of a given size into leaf hashes,
 * one by one and through the batch API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--add-modules", "jdk.incubator.vector"})
public class MerkleBenchmark {
  @Param({"100", "1000"})
  int leaves;

  @Param({"64"})
  int symbolSize;

  private byte[] hashes;
  private byte[] symbols;
  private byte[] scratch;
  private byte[] root;

  @Setup
  public void setUp() {
    Random random = new Random(2);
    hashes = new byte[leaves * Node.LENGTH];
    random.nextBytes(hashes);
    symbols = new byte[leaves * symbolSize];
    random.nextBytes(symbols);
    scratch = new byte[MerkleTree.scratchSize(leaves)];
    root = new byte[Node.LENGTH];
  }

  @Benchmark
  public byte[] rootOfLeafHashes() {
    MerkleTree.rootOfLeafHashes(hashes, 0, Node.LENGTH, leaves, scratch, root, 0);
    return root;
  }

  @Benchmark
  public byte[] leafHashesOfSymbolsBatch() {
    Blake2b256.leafHashes(symbols, 0, symbolSize, leaves, hashes, 0);
    return hashes;
  }

  @Benchmark
  public byte[] leafHashesOfSymbols() {
    for (int i = 0; i < leaves; i++) {
      Blake2b256.leafHash(symbols, i * symbolSize, symbolSize, hashes, i * Node.LENGTH);
    }
    return hashes;
  }
}
