package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads that race with the node's view of the chain, over real HTTP and real RocksDB: a pending
 * upload acknowledged just as the registration event is processed, uploads accepted through the
 * direct chain read while the node's event stream lags, and concurrent PUTs of one sliver. Nothing
 * acknowledged may be lost, and the write counters must count each stored item once.
 */
class UploadRacesTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir static Path dir;
  static FakeCluster cluster;
  static TestClient client;
  static final Random RANDOM = new Random(7);

  @BeforeAll
  static void start() {
    cluster = new FakeCluster(dir, 2, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, 4L << 20, 60L, null, null, 8, 2, 3_000L, 32));
    cluster.start(0, true);
    cluster.start(1);
    client = new TestClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @AfterEach
  void resetChain() {
    cluster.chain().onBlobStatus(null);
    cluster.chain().releaseEvents();
  }

  @Test
  void pendingMetadataAcknowledgedWhileTheRegistrationIsProcessedIsStored() {
    EncodedBlob blob = encode(1500);
    BlobId id = blob.blobId();
    registerRightAfterTheNodesChainRead(id, 1500);

    Response r = client.putMetadata(node(0), blob, true);
    assertThat(r.status()).as(r.text()).isIn(201, 202);
    await("the acknowledged metadata is stored", () -> cluster.node(0).store().hasMetadata(id));
  }

  @Test
  void pendingSliverAcknowledgedWhileTheRegistrationIsProcessedIsStored() throws Exception {
    EncodedBlob blob = encode(1600);
    BlobId id = blob.blobId();
    assertThat(client.putMetadata(node(0), blob, true).status()).isEqualTo(202);
    Thread.sleep(300); // the node reuses a chain answer for 250 ms; the next upload must ask again
    registerRightAfterTheNodesChainRead(id, 1600);

    int pair = ownedPair(0, id);
    Response r = client.putSliver(node(0), id, pair, SliverType.PRIMARY, blob.pair(pair).primary().toBcs(), true);
    assertThat(r.status()).as(r.text()).isIn(201, 202);
    await("the acknowledged sliver is stored", () -> cluster.node(0).store().hasSliver(id, pair, SliverType.PRIMARY));
    assertThat(cluster.node(0).store().hasMetadata(id)).isTrue();
  }

  @Test
  void bufferedMetadataServesSliversOnceTheChainShowsTheRegistration() throws Exception {
    EncodedBlob blob = encode(1700);
    BlobId id = blob.blobId();
    assertThat(client.putMetadata(node(0), blob, true).status()).isEqualTo(202);
    cluster.chain().holdEvents(); // the node lags: it reads the registration from the chain only
    cluster.chain().register(id, 1700, 2, false);
    Thread.sleep(300);

    int pair = ownedPair(0, id);
    Response r = client.putSliver(node(0), id, pair, SliverType.SECONDARY, blob.pair(pair).secondary().toBcs(), false);
    assertThat(r.status()).as("a sliver of a registered blob whose metadata the node acknowledged: " + r.text())
        .isEqualTo(201);
    assertThat(cluster.node(0).store().hasSliver(id, pair, SliverType.SECONDARY)).isTrue();

    for (int p : cluster.node(0).chainState().current().ownedPairs(id)) {
      for (SliverType t : SliverType.values()) {
        byte[] bcs = t == SliverType.PRIMARY ? blob.pair(p).primary().toBcs() : blob.pair(p).secondary().toBcs();
        assertThat(client.putSliver(node(0), id, p, t, bcs, false).status()).isIn(200, 201);
      }
    }
    Response confirmation = client.confirmation(node(0), id);
    assertThat(confirmation.status()).as(confirmation.text()).isEqualTo(200);
    cluster.chain().releaseEvents();
    await("the registration event is processed", () -> cluster.node(0).store().blobInfo(id).isPresent());
    assertThat(cluster.node(0).store().hasMetadata(id)).isTrue();
  }

  @Test
  void concurrentPutsOfOneSliverStoreItOnceAndCountItOnce() throws Exception {
    EncodedBlob blob = encode(200_000);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 200_000, 2, false);
    await("node 0 sees the registration", () -> cluster.node(0).store().blobInfo(id).isPresent());
    double metadataBefore = counter("metadata_stored");
    List<Integer> metadataCodes = concurrently(6, () -> client.putMetadata(node(0), blob, false));
    assertThat(metadataCodes).as("exactly one metadata PUT stores it, the others find it stored")
        .containsOnly(200, 201).filteredOn(c -> c == 201).hasSize(1);
    assertThat(counter("metadata_stored") - metadataBefore).isEqualTo(1.0);

    int pair = ownedPair(0, id);
    byte[] bcs = blob.pair(pair).secondary().toBcs();
    double before = storedSlivers(0);
    List<Integer> codes = concurrently(6,
        () -> client.putSliver(node(0), id, pair, SliverType.SECONDARY, bcs, false));
    assertThat(codes).as("exactly one PUT stores the sliver, the others find it stored")
        .containsOnly(200, 201).filteredOn(c -> c == 201).hasSize(1);
    assertThat(storedSlivers(0) - before).as("slivers_stored counts the sliver once").isEqualTo(1.0);
    assertThat(cluster.node(0).store().sliver(id, pair, SliverType.SECONDARY)).get().isEqualTo(bcs);
  }

  /** Runs {@code request} from {@code writers} threads released together; their HTTP statuses. */
  private static List<Integer> concurrently(int writers, java.util.function.Supplier<Response> request)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<CompletableFuture<Response>> puts = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        puts.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return request.get();
        }, pool));
      }
      go.countDown();
      List<Integer> codes = new ArrayList<>();
      for (var f : puts) {
        codes.add(f.get().status());
      }
      return codes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static double counter(String name) {
    return cluster.node(0).metrics().registry().get(name).counter().count();
  }

  @Test
  void adminMetricsCountStoredBytesAndBufferedUploadsMovedIntoTheStore() throws Exception {
    EncodedBlob blob = encode(5000);
    BlobId id = blob.blobId();
    double bytesBefore = scrapedStoredBytes();
    double sliversBefore = storedSlivers(0);
    // buffered before the registration, moved into the store when the event is processed
    assertThat(client.putMetadata(node(0), blob, true).status()).isEqualTo(202);
    long expected = blob.metadata().toBcs().length;
    List<Integer> pairs = cluster.node(0).chainState().current().ownedPairs(id);
    int first = pairs.get(0);
    byte[] bufferedPrimary = blob.pair(first).primary().toBcs();
    assertThat(client.putSliver(node(0), id, first, SliverType.PRIMARY, bufferedPrimary, true).status()).isEqualTo(202);
    expected += bufferedPrimary.length;
    cluster.chain().register(id, 5000, 2, false);
    await("the buffered uploads are stored", () -> cluster.node(0).store().hasSliver(id, first, SliverType.PRIMARY));
    byte[] secondary = blob.pair(first).secondary().toBcs();
    assertThat(client.putSliver(node(0), id, first, SliverType.SECONDARY, secondary, false).status()).isEqualTo(201);
    expected += secondary.length;
    assertThat(client.putSliver(node(0), id, first, SliverType.SECONDARY, secondary, false).status())
        .as("a repeated PUT stores nothing new").isEqualTo(200);

    assertThat(scrapedStoredBytes() - bytesBefore).as("stored_bytes on the admin port").isEqualTo((double) expected);
    assertThat(storedSlivers(0) - sliversBefore).as("slivers_stored").isEqualTo(2.0);
  }

  /** Sum of {@code stored_bytes_total} over its kinds, read from node 0's admin port. */
  private static double scrapedStoredBytes() {
    Response r = client.get("http://127.0.0.1:" + cluster.node(0).metricsPort() + "/metrics");
    assertThat(r.status()).isEqualTo(200);
    double sum = 0;
    boolean found = false;
    for (String line : r.text().split("\n")) {
      if (line.startsWith("stored_bytes_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    assertThat(found).as("stored_bytes_total is exported:\n" + r.text()).isTrue();
    return sum;
  }

  /**
   * The next direct chain read for {@code id} answers "not registered", and right after it the blob
   * is registered and node 0 processes the registration event (before it acts on the stale answer).
   */
  private static void registerRightAfterTheNodesChainRead(BlobId id, long size) {
    AtomicBoolean done = new AtomicBoolean();
    cluster.chain().onBlobStatus(read -> {
      if (read.equals(id) && done.compareAndSet(false, true)) {
        cluster.chain().register(id, size, 2, false);
        await("node 0 processes the registration", () -> cluster.node(0).store().blobInfo(id).isPresent());
      }
    });
  }

  private static double storedSlivers(int node) {
    return cluster.node(node).metrics().registry().get("slivers_stored").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    RANDOM.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }

  private static String node(int i) {
    return cluster.url(i);
  }

  private static int ownedPair(int member, BlobId id) {
    CommitteeMember m = cluster.committee().members().get(member);
    return CONFIG.pairForShard(m.shards().get(0), id.rotationOffset(N_SHARDS));
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not reached in time");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
