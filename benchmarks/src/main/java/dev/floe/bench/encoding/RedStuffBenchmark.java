package dev.floe.bench.encoding;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.BlobSource;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RecoveryOutcome;
import dev.floe.core.encoding.RecoverySymbol;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.RedStuffDecoder;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverRecovery;
import dev.floe.core.encoding.SliverSink;
import dev.floe.core.encoding.SliverType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Red Stuff end to end: full encode including every Merkle hash (slivers handed to a discarding
 * sink), decode from n-2f primary slivers (the non-systematic ones, so the decoder really decodes),
 * and recovery of one primary and one secondary sliver from verified symbols. The {@code mb}
 * counter reports MB (10^6 bytes) of blob per second.
 *
 * <p>n = 100 cannot hold 256 MiB (its maximum blob is 142 MiB); its largest case is 140 MiB.
 * Run: {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/floe-benchmarks.jar
 * RedStuff -f 1 -wi 1 -i 3}.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class RedStuffBenchmark {

  /** Bytes processed, as a rate counter next to the operation rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Megabytes {
    public double mb;
  }

  static byte[] blob(long bytes, long seed) {
    byte[] b = new byte[Math.toIntExact(bytes)];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  /** Parses "n/MiB". */
  static int[] shape(String s) {
    String[] parts = s.split("/");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  @State(Scope.Benchmark)
  public static class EncodeState {
    @Param({"1000/1", "1000/64", "1000/256", "100/1", "100/64", "100/140"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    RedStuffEncoder encoder;
    byte[] blob;

    @Setup(Level.Trial)
    public void setUp() {
      int[] s = shape(shape);
      encoder = new RedStuffEncoder(new EncodingConfig(s[0])).withThreads(threads);
      blob = blob((long) s[1] << 20, 1);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public VerifiedBlobMetadata encode(EncodeState state, Megabytes counter) {
    VerifiedBlobMetadata md = state.encoder.encode(BlobSource.of(state.blob), SliverSink.discard());
    counter.mb += state.blob.length / 1e6;
    return md;
  }

  @State(Scope.Benchmark)
  public static class DecodeState {
    @Param({"1000/64", "1000/256", "100/64"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    RedStuffDecoder decoder;
    VerifiedBlobMetadata metadata;
    List<SliverData> slivers;
    long length;

    @Setup(Level.Trial)
    public void setUp() {
      int[] s = shape(shape);
      EncodingConfig config = new EncodingConfig(s[0]);
      byte[] blob = blob((long) s[1] << 20, 2);
      length = blob.length;
      EncodedBlob encoded = new RedStuffEncoder(config).encode(blob);
      metadata = encoded.metadata();
      slivers = new ArrayList<>();
      int n = config.nShards();
      for (int i = n - config.primarySourceSymbols(); i < n; i++) {
        slivers.add(encoded.primary(i));
      }
      decoder = new RedStuffDecoder(config).withThreads(threads);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] decode(DecodeState state, Megabytes counter) {
    byte[] blob = state.decoder.decode(state.metadata, state.slivers);
    counter.mb += state.length / 1e6;
    return blob;
  }

  @State(Scope.Benchmark)
  public static class RecoveryState {
    @Param({"1000/64", "100/64"})
    public String shape;

    EncodingConfig config;
    VerifiedBlobMetadata metadata;
    List<RecoverySymbol> forPrimary;
    List<RecoverySymbol> forSecondary;
    int target;

    @Setup(Level.Trial)
    public void setUp() {
      int[] s = shape(shape);
      config = new EncodingConfig(s[0]);
      int n = config.nShards();
      byte[] blob = blob((long) s[1] << 20, 3);
      EncodedBlob encoded = new RedStuffEncoder(config).encode(blob);
      metadata = encoded.metadata();
      target = n / 2;
      forPrimary = new ArrayList<>();
      for (int j = 0; j < config.symbolsForRecovery(SliverType.PRIMARY); j++) {
        forPrimary.add(new RecoverySymbolProducer(config, encoded.secondary(n - 1 - j)).recoverySymbol(target));
      }
      forSecondary = new ArrayList<>();
      for (int i = 0; i < config.symbolsForRecovery(SliverType.SECONDARY); i++) {
        forSecondary.add(new RecoverySymbolProducer(config, encoded.primary(n - 1 - i)).recoverySymbol(target));
      }
      report("primary", forPrimary, encoded.primary(target), blob.length);
      report("secondary", forSecondary, encoded.secondary(target), blob.length);
    }

    private void report(String what, List<RecoverySymbol> symbols, SliverData sliver, long blobBytes) {
      long needed = 0;
      for (RecoverySymbol r : symbols) {
        needed += r.toBcs().length;
      }
      System.out.printf(
          "%n[recovery n=%d, %d B blob] %s sliver of %d B from %d symbols = %d B incl. proofs: %.3f bytes"
              + " needed per byte recovered (a 1D code would need %.1f)%n",
          config.nShards(), blobBytes, what, sliver.length(), symbols.size(), needed,
          (double) needed / sliver.length(), (double) blobBytes / sliver.length());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RecoveryOutcome recoverPrimarySliver(RecoveryState state) {
    return recover(state, SliverType.PRIMARY, state.forPrimary);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RecoveryOutcome recoverSecondarySliver(RecoveryState state) {
    return recover(state, SliverType.SECONDARY, state.forSecondary);
  }

  private static RecoveryOutcome recover(RecoveryState state, SliverType type, List<RecoverySymbol> symbols) {
    SliverRecovery recovery = new SliverRecovery(state.config, state.metadata, type, state.target);
    for (RecoverySymbol s : symbols) {
      recovery.add(s);
    }
    RecoveryOutcome outcome = recovery.recover();
    if (!(outcome instanceof RecoveryOutcome.Recovered)) {
      throw new IllegalStateException("recovery failed: " + outcome);
    }
    return outcome;
  }
}
