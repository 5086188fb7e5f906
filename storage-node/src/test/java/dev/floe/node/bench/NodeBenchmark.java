package dev.floe.node.bench;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.Routes;
import dev.floe.node.StorageNode;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Storage-node benchmark (a main class, not a test):
 *
 * <ol>
 *   <li>sliver PUT and GET throughput (MB/s of sliver bytes) and p50/p99 latency against one node
 *       on loopback holding all shards, with {@code CONCURRENCY} client threads, for blobs of 4 MiB
 *       and 64 MiB at n = 100 (RocksDB with a synced WAL, so every PUT is durable when it returns);
 *   <li>recovery traffic: a 64 MiB blob at n = 100 over 10 nodes (10 shards each); one node is
 *       down during the upload, comes back after certification and rebuilds its 20 slivers from
 *       peers' recovery symbols. Ratio = bytes it downloaded ÷ bytes of the slivers it rebuilt.
 * </ol>
 *
 * <p>Run: {@code mvn -o -q -Dfloe.buildDir=target-node -pl storage-node test-compile exec:java
 * -Dexec.mainClass=dev.floe.node.bench.NodeBenchmark -Dexec.classpathScope=test}. Uses the
 * in-memory chain: the chain plays no part in these measurements. Argument {@code --no-recovery} skips
 * part 2; {@code -Dfloe.bench.threads=N} sets the client threads.
 */
public final class NodeBenchmark {
  private static final int N_SHARDS = 100;
  /** Client threads; {@code -Dfloe.bench.threads=N} overrides. */
  private static final int CONCURRENCY = Integer.getInteger("floe.bench.threads", 4);

  private NodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("floe-node-bench");
    try {
      System.out.println("storage-node benchmark, n = " + N_SHARDS + ", " + CONCURRENCY + " client threads, "
          + Runtime.getRuntime().availableProcessors() + " CPUs");
      throughput(dir.resolve("single-4m"), 4 << 20);
      throughput(dir.resolve("single-64m"), 64 << 20);
      if (!java.util.List.of(args).contains("--no-recovery")) {
        recovery(dir.resolve("recovery"), 64 << 20);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void throughput(Path dir, int blobSize) throws Exception {
    EncodingConfig config = new EncodingConfig(N_SHARDS);
    byte[] data = new byte[blobSize];
    new Random(1).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(config).encode(data);
    BlobId id = blob.blobId();
    StorageNodeConfig.Limits limits = new StorageNodeConfig.Limits(1L << 30, null, null, null, 0L, 8, null, null, null);
    try (FakeCluster cluster = new FakeCluster(dir, 1, N_SHARDS, limits); TestClient client = new TestClient()) {
      cluster.start(0);
      String url = cluster.url(0);
      cluster.chain().register(id, blobSize, 10, false);
      expectOk(client.putMetadata(url, blob, false).status(), "metadata");
      List<Runnable> puts = new ArrayList<>();
      List<Runnable> gets = new ArrayList<>();
      long bytes = 0;
      for (int p = 0; p < N_SHARDS; p++) {
        for (SliverType t : SliverType.values()) {
          int pair = p;
          byte[] bcs = blob.pair(pair).sliver(t).toBcs();
          bytes += bcs.length;
          puts.add(() -> expectOk(client.putSliver(url, id, pair, t, bcs, false).status(), "sliver"));
          gets.add(() -> {
            TestClient.Response r = client.get(url + Routes.sliver(id, pair, t));
            expectOk(r.status(), "get");
            if (r.body().length != bcs.length) {
              throw new IllegalStateException("short sliver");
            }
          });
        }
      }
      Result put = run(puts);
      Result get = run(gets);
      String label = (blobSize >> 20) + " MiB blob, " + puts.size() + " slivers of "
          + blob.pair(0).primary().length() / 1024 + "/" + blob.pair(0).secondary().length() / 1024 + " KiB";
      System.out.printf("PUT  %-40s %8.1f MB/s  p50 %7.2f ms  p99 %7.2f ms%n", label, bytes / put.seconds / 1e6,
          put.p50, put.p99);
      System.out.printf("GET  %-40s %8.1f MB/s  p50 %7.2f ms  p99 %7.2f ms%n", label, bytes / get.seconds / 1e6,
          get.p50, get.p99);
    }
  }

  private static void recovery(Path dir, int blobSize) throws Exception {
    EncodingConfig config = new EncodingConfig(N_SHARDS);
    byte[] data = new byte[blobSize];
    new Random(2).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(config).encode(data);
    BlobId id = blob.blobId();
    StorageNodeConfig.Limits limits = new StorageNodeConfig.Limits(1L << 30, null, null, null, 0L, 4, 16, null, null);
    try (FakeCluster cluster = new FakeCluster(dir, 10, N_SHARDS, limits); TestClient client = new TestClient()) {
      for (int i = 0; i < 9; i++) {
        cluster.start(i);
      }
      byte[] objectId = cluster.chain().register(id, blobSize, 10, false);
      client.store(blob, cluster.committee(), List.of(cluster.url(9)), false);
      cluster.chain().certify(id, objectId);
      long started = System.nanoTime();
      StorageNode late = cluster.start(9);
      CommitteeMember m = cluster.committee().members().get(9);
      int expected = 2 * m.shards().size();
      while (late.metrics().sliversRecovered() < expected) {
        if (System.nanoTime() - started > 600_000_000_000L) {
          throw new IllegalStateException("recovery did not finish in 10 minutes");
        }
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double downloaded = late.metrics().recoveryBytesDownloaded();
      double rebuilt = late.metrics().recoveryBytesRebuilt();
      System.out.printf("RECOVERY %d MiB blob, n = %d, 10 nodes: %d slivers rebuilt (%.1f MB) from %.1f MB downloaded"
              + " in %.1f s: traffic ratio %.3f (the whole blob would be %.1f MB)%n",
          blobSize >> 20, N_SHARDS, expected, rebuilt / 1e6, downloaded / 1e6, seconds, downloaded / rebuilt,
          blobSize / 1e6);
    }
  }

  private record Result(double seconds, double p50, double p99) {}

  private static Result run(List<Runnable> tasks) throws Exception {
    double[] latencies = new double[tasks.size()];
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      int k = i;
      futures.add(pool.submit(() -> {
        long t0 = System.nanoTime();
        tasks.get(k).run();
        latencies[k] = (System.nanoTime() - t0) / 1e6;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(latencies);
    return new Result(seconds, latencies[latencies.length / 2], latencies[(int) Math.ceil(latencies.length * 0.99) - 1]);
  }

  private static void expectOk(int status, String what) {
    if (status / 100 != 2) {
      throw new IllegalStateException(what + " answered " + status);
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
