package dev.floe.localnet;

import dev.floe.client.ClientConfig;
import dev.floe.client.FloeClient;
import dev.floe.client.ProgressListener;
import dev.floe.client.ReadOptions;
import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.controlplane.ControlPlane;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffDecoder;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Store and read throughput and latency of the SDK against a localnet (nodes as separate processes,
 * real chain), next to the pure Red Stuff encode and decode throughput of {@code core} measured in
 * the same run on the same machine. Run with {@code ./floe localnet bench}.
 *
 * <p>Each size is stored and read {@code repetitions} times (fresh random bytes per store, so every
 * store pays the full path: encode, register, upload, confirm, certify); the table shows the median.
 * Throughput is blob bytes per second (MB = 10^6 bytes).
 */
public final class LocalnetBenchmark {
  private LocalnetBenchmark() {}

  /**
   * Settings.
   *
   * @param sizesMiB blob sizes in MiB
   * @param repetitions runs per size
   * @param nodes storage nodes of the benchmark localnet
   * @param shards shards of the benchmark localnet
   * @param dir the localnet directory (created fresh, removed afterwards)
   */
  public record Options(List<Integer> sizesMiB, int repetitions, int nodes, int shards, Path dir) {}

  /**
   * One row of the table: medians for one blob size.
   *
   * @param sizeMiB blob size in MiB
   * @param encodeMBs core's encode throughput in MB/s (same run)
   * @param decodeMBs core's decode throughput in MB/s (same run)
   * @param storeSeconds median store latency
   * @param readSeconds median read latency
   * @param phases where the last store's time went
   */
  public record Row(int sizeMiB, double encodeMBs, double decodeMBs, double storeSeconds, double readSeconds, String phases) {
    /** Store throughput in MB/s. */
    public double storeMBs() {
      return sizeMiB * 1.048576 / storeSeconds;
    }

    /** Read throughput in MB/s. */
    public double readMBs() {
      return sizeMiB * 1.048576 / readSeconds;
    }
  }

  /** Runs the benchmark, prints progress and the table to {@code out} and returns the rows. */
  public static List<Row> run(Options options, PrintWriter out) throws Exception {
    out.println("Starting a fresh localnet: " + options.nodes() + " nodes, " + options.shards() + " shards in " + options.dir());
    out.flush();
    List<Row> rows = new ArrayList<>();
    try (LocalNetwork net = LocalNetwork.builder()
        .dir(options.dir()).nodes(options.nodes()).shards(options.shards()).fresh(true)
        .anvilPort(0).daemonPort(0).log(line -> {}).build().start()) {
      ClientConfig config = ClientConfig.builder().inMemoryEncodingLimit(1L << 30).build();
      try (ControlPlane cp = net.clientConnection().connect(); FloeClient client = new FloeClient(cp, config)) {
        EncodingConfig encoding = new EncodingConfig(options.shards());
        warmUp(client, encoding);
        for (int sizeMiB : options.sizesMiB()) {
          rows.add(measure(client, encoding, sizeMiB, options.repetitions(), out));
        }
      }
    } finally {
      deleteQuietly(options.dir());
    }
    print(out, options, rows);
    return rows;
  }

  private static Row measure(FloeClient client, EncodingConfig encoding, int sizeMiB, int repetitions, PrintWriter out)
      throws Exception {
    int size = sizeMiB << 20;
    SplittableRandom random = new SplittableRandom(sizeMiB);
    double[] encode = new double[repetitions];
    double[] decode = new double[repetitions];
    double[] store = new double[repetitions];
    double[] read = new double[repetitions];
    PhaseClock clock = null;
    for (int r = 0; r < repetitions; r++) {
      byte[] blob = new byte[size];
      random.nextBytes(blob);
      RedStuffEncoder encoder = new RedStuffEncoder(encoding);
      long t0 = System.nanoTime();
      EncodedBlob encoded = encoder.encode(blob);
      encode[r] = seconds(t0);
      List<SliverData> repairRows = repairRows(encoding, encoded);
      t0 = System.nanoTime();
      byte[] decoded = new RedStuffDecoder(encoding).decode(encoded.metadata(), repairRows);
      decode[r] = seconds(t0);
      check(Arrays.equals(decoded, blob), "core decode returned other bytes");
      encoded = null;
      decoded = null;

      clock = new PhaseClock();
      t0 = System.nanoTime();
      StoreResult stored = client.store(blob, StoreOptions.forEpochs(1).withForce(true), clock).get();
      store[r] = seconds(t0);
      t0 = System.nanoTime();
      byte[] back = client.read(stored.blobId(), ReadOptions.DEFAULT, ProgressListener.NONE).get();
      read[r] = seconds(t0);
      check(Arrays.equals(back, blob), "read returned other bytes than were stored");
      out.printf(Locale.ROOT, "  %4d MiB run %d: store %.2f s, read %.2f s%n", sizeMiB, r + 1, store[r], read[r]);
      out.flush();
    }
    return new Row(sizeMiB, size / 1e6 / median(encode), size / 1e6 / median(decode), median(store), median(read),
        clock.summary());
  }

  /** Runs every path once on a small blob so the measured runs do not pay for class loading and JIT. */
  private static void warmUp(FloeClient client, EncodingConfig encoding) throws Exception {
    byte[] blob = new byte[1 << 20];
    new SplittableRandom(1).nextBytes(blob);
    for (int i = 0; i < 3; i++) {
      EncodedBlob encoded = new RedStuffEncoder(encoding).encode(blob);
      new RedStuffDecoder(encoding).decode(encoded.metadata(), repairRows(encoding, encoded));
    }
    StoreResult stored = client.store(blob, StoreOptions.forEpochs(1).withForce(true), ProgressListener.NONE).get();
    client.read(stored.blobId(), ReadOptions.DEFAULT, ProgressListener.NONE).get();
  }

  private static List<SliverData> repairRows(EncodingConfig encoding, EncodedBlob encoded) {
    List<SliverData> rows = new ArrayList<>();
    for (int p = encoding.nShards() - encoding.primarySourceSymbols(); p < encoding.nShards(); p++) {
      rows.add(encoded.primary(p));
    }
    return rows;
  }

  private static void print(PrintWriter out, Options options, List<Row> rows) {
    out.println();
    out.printf(Locale.ROOT, "Floe localnet benchmark: %d nodes (separate JVMs), %d shards, anvil, %d CPU cores,"
        + " median of %d run(s)%n", options.nodes(), options.shards(), Runtime.getRuntime().availableProcessors(),
        options.repetitions());
    out.println("| blob | core encode | core decode | store latency | store | read latency | read |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %d MiB | %.1f MB/s | %.1f MB/s | %.2f s | %.1f MB/s | %.2f s | %.1f MB/s |%n",
          r.sizeMiB(), r.encodeMBs(), r.decodeMBs(), r.storeSeconds(), r.storeMBs(), r.readSeconds(), r.readMBs());
    }
    out.println("(core decode: from the n-2f non-systematic primary slivers, i.e. a real decode; store includes"
        + " encode, on-chain register and certify, upload of 4.5x the blob and confirmations)");
    out.println();
    out.println("Where a store's time goes (last run of each size):");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "  %4d MiB: %s%n", r.sizeMiB(), r.phases());
    }
    out.flush();
  }

  /** Records when each store phase was first reported. */
  private static final class PhaseClock implements ProgressListener {
    private final long start = System.nanoTime();
    private final java.util.Map<Phase, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long last = start;

    @Override
    public void onProgress(Phase phase, long done, long total) {
      long now = System.nanoTime();
      firstSeen.putIfAbsent(phase, now);
      last = now;
    }

    String summary() {
      StringBuilder b = new StringBuilder();
      Phase[] order = {Phase.ENCODING, Phase.REGISTERING, Phase.UPLOADING, Phase.CONFIRMING, Phase.CERTIFYING};
      for (int i = 0; i < order.length; i++) {
        Long from = firstSeen.get(order[i]);
        if (from == null) {
          continue;
        }
        long to = last;
        for (int j = i + 1; j < order.length; j++) {
          if (firstSeen.containsKey(order[j])) {
            to = firstSeen.get(order[j]);
            break;
          }
        }
        b.append(String.format(Locale.ROOT, "%s %.2f s  ", order[i].name().toLowerCase(Locale.ROOT), (to - from) / 1e9));
      }
      return b.toString().strip();
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (Exception e) {
      // best effort: the directory is under the system temp folder
    }
  }
}
