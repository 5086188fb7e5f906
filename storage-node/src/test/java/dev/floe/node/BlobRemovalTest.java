package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.protocol.Routes;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removal of a blob's data (deletion, expiry) as an operator running a node for months sees it,
 * over real HTTP and real RocksDB: uploads racing a removal leave nothing behind that would be
 * served (also after a restart) and never collected; removed data frees its disk space without
 * anyone compacting by hand; removals leave no per-blob state in memory.
 */
class BlobRemovalTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;
  FakeCluster cluster;
  TestClient client;
  final Random random = new Random(11);

  @BeforeEach
  void start() {
    cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(8L << 20, 4L << 20, 60L, null, null, 4, 2, 3_000L, 16));
    cluster.start(0);
    client = new TestClient();
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void metadataUploadRacingTheBlobsDeletionStoresNothing() {
    EncodedBlob blob = encode(2000);
    BlobId id = blob.blobId();
    cluster.chain().holdEvents(); // the node lags: it checks the upload against a direct chain read
    byte[] object = cluster.chain().register(id, 2000, 3, true);
    // right after the node read "registered", the owner deletes the blob and the node processes both events
    afterTheNodesChainRead(id, () -> cluster.chain().delete(id, object));

    Response r = client.putMetadata(cluster.url(0), blob, false);
    assertThat(r.status()).as("metadata of a blob deleted before it was stored: " + r.text()).isBetween(400, 499);
    assertThat(r.reason()).isEqualTo("NOT_REGISTERED");
    assertNothingServed(id);
    cluster.stop(0);
    cluster.start(0);
    assertNothingServed(id);
  }

  @Test
  void metadataUploadRacingTheBlobsExpiryStoresNothing() {
    EncodedBlob blob = encode(2100);
    BlobId id = blob.blobId();
    cluster.chain().holdEvents();
    cluster.chain().register(id, 2100, 1, false); // its last epoch is the current one
    afterTheNodesChainRead(id, () -> cluster.chain().advanceEpoch(null));

    Response r = client.putMetadata(cluster.url(0), blob, false);
    assertThat(r.status()).as("metadata of a blob that expired before it was stored: " + r.text()).isBetween(400, 499);
    assertThat(r.reason()).isEqualTo("BLOB_EXPIRED");
    assertNothingServed(id);
  }

  @Test
  void deletedAndExpiredBlobsFreeTheirDiskSpaceWithoutAManualCompaction() {
    EncodedBlob deleted = encode(1_500_000);
    EncodedBlob expiring = encode(1_400_000);
    byte[] object = cluster.chain().register(deleted.blobId(), 1_500_000, 5, true);
    cluster.chain().register(expiring.blobId(), 1_400_000, 1, false);
    await("the node sees the registrations", () -> cluster.node(0).store().blobInfo(deleted.blobId()).isPresent()
        && cluster.node(0).store().blobInfo(expiring.blobId()).isPresent());
    // uploaded at different times (each flushed on its own), so the blobs do not share blob files
    client.store(deleted, cluster.committee(), List.of(), false);
    cluster.node(0).store().compact(); // only to flush the memtables, so the size estimate counts the slivers
    client.store(expiring, cluster.committee(), List.of(), false);
    cluster.node(0).store().compact();
    long stored = cluster.node(0).store().approximateSliverBytes();
    assertThat(stored).as("sliver bytes of both blobs").isGreaterThan(5_000_000L);

    cluster.chain().delete(deleted.blobId(), object);
    await("the deletion is applied", () -> !cluster.node(0).store().hasMetadata(deleted.blobId()));
    await("the deleted blob's disk space is freed",
        () -> cluster.node(0).store().approximateSliverBytes() < stored * 3 / 4);

    cluster.chain().advanceEpoch(null);
    await("the expiry is applied", () -> !cluster.node(0).store().hasMetadata(expiring.blobId()));
    await("the expired blob's disk space is freed",
        () -> cluster.node(0).store().approximateSliverBytes() < stored / 10);
  }

  @Test
  void removedBlobsLeaveNoCancellationsInMemory() {
    for (int i = 0; i < 20; i++) {
      EncodedBlob blob = encode(500 + i);
      byte[] object = cluster.chain().register(blob.blobId(), 500 + i, 3, true);
      cluster.chain().delete(blob.blobId(), object);
    }
    await("every deletion is applied", () -> caughtUp(cluster.node(0)));
    assertThat(cluster.node(0).metrics().registry().get("blobs_removed").counter().count()).isEqualTo(20.0);
    assertThat(cluster.node(0).recoveryScheduler().retainedCancellations())
        .as("blobs no recovery was running for are not remembered").isZero();
  }

  private void assertNothingServed(BlobId id) {
    assertThat(cluster.node(0).store().hasMetadata(id)).as("metadata stored").isFalse();
    Response get = client.get(cluster.url(0) + Routes.metadata(id));
    assertThat(get.reason()).as(get.text()).isEqualTo("METADATA_NOT_FOUND");
  }

  /**
   * The node's next direct chain read of {@code id} answers as the chain stands; right after it,
   * {@code change} happens on the chain, the held events are delivered and the node applies them
   * all (before it acts on its now stale answer).
   */
  private void afterTheNodesChainRead(BlobId id, Runnable change) {
    AtomicBoolean done = new AtomicBoolean();
    cluster.chain().onBlobStatus(read -> {
      if (read.equals(id) && done.compareAndSet(false, true)) {
        change.run();
        cluster.chain().releaseEvents();
        await("the node applies the events", () -> caughtUp(cluster.node(0)));
      }
    });
  }

  private boolean caughtUp(StorageNode node) {
    return node.store().eventCursor().map(c -> c.blockNumber() >= cluster.chain().eventCount()).orElse(false);
  }

  private EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
