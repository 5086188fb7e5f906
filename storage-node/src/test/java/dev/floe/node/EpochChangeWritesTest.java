package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.testing.CommitteeEdits;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes right after an epoch change moved a shard away from a node whose event stream lags
 * behind the chain (real HTTP, real RocksDB): the node must check ownership against the chain's
 * current committee, not the one of the last epoch event it processed, and confirm for the current
 * epoch only.
 */
class EpochChangeWritesTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir static Path dir;
  static FakeCluster cluster;
  static TestClient client;

  @BeforeAll
  static void start() {
    cluster = new FakeCluster(dir, 2, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, null, null, null, null, 4, 2, 3_000L, 32));
    cluster.startAll();
    client = new TestClient();
  }

  @org.junit.jupiter.api.AfterEach
  void release() {
    cluster.chain().releaseEvents();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void aShardMovedAwayIsRefusedEvenBeforeTheEpochEventIsProcessed() throws Exception {
    byte[] data = new byte[3000];
    new Random(3).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
    BlobId id = blob.blobId();
    cluster.chain().register(id, data.length, 5, false);
    assertThat(client.putMetadata(cluster.url(0), blob, false).status()).isEqualTo(201);

    NodeCommittee old = cluster.committee();
    int moved = old.members().get(0).shards().get(0);
    int pair = CONFIG.pairForShard(moved, id.rotationOffset(N_SHARDS));
    cluster.chain().holdEvents(); // node 0 lags: it does not see the epoch change event
    cluster.chain().advanceEpoch(CommitteeEdits.moveShard(old, moved, 0, 1));
    long epoch = old.epoch() + 1;

    byte[] primary = blob.pair(pair).primary().toBcs();
    Response r = null;
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < deadline) {
      r = client.putSliver(cluster.url(0), id, pair, SliverType.PRIMARY, primary, false);
      if (r.status() != 201 && r.status() != 200) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(r.status()).as("PUT to the node that lost the shard: " + r.text()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo("SHARD_NOT_ASSIGNED");

    // node 0 confirms for the new epoch, with the shards it holds now
    for (int p : cluster.node(0).chainState().current().ownedPairs(id)) {
      assertThat(client.putSliver(cluster.url(0), id, p, SliverType.PRIMARY, blob.pair(p).primary().toBcs(), false)
          .status()).isIn(200, 201);
      assertThat(client.putSliver(cluster.url(0), id, p, SliverType.SECONDARY, blob.pair(p).secondary().toBcs(), false)
          .status()).isIn(200, 201);
    }
    Response confirmation = client.confirmation(cluster.url(0), id);
    assertThat(confirmation.status()).as(confirmation.text()).isEqualTo(200);
    assertThat(StorageConfirmation.parse(TestClient.signed(confirmation).message()).epoch()).isEqualTo(epoch);
    cluster.chain().releaseEvents();
  }

  @Test
  void aConfirmationLongPollForAnExpiredBlobFailsAtOnce() {
    byte[] data = new byte[700];
    new Random(4).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
    BlobId id = blob.blobId();
    cluster.chain().register(id, data.length, 1, false);
    long next = cluster.chain().epoch() + 1;
    cluster.chain().advanceEpoch(null);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (cluster.node(1).chainState().current().epoch() != next && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long start = System.nanoTime();
    Response r = client.get(cluster.url(1) + dev.floe.core.protocol.Routes.permanentConfirmation(id)
        + "?wait_for_registration=true&wait_millis=3000");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo("BLOB_EXPIRED");
    assertThat(tookMillis).as("no wait for a registration that can no longer appear").isLessThan(1_500);
  }

  @Test
  void aConfirmationLongPollWaitsForTheReRegistrationOfABlobTheNodeSawExpire() throws Exception {
    byte[] data = new byte[800];
    new Random(6).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
    BlobId id = blob.blobId();
    cluster.chain().register(id, data.length, 1, false);
    awaitTrue(() -> cluster.node(1).store().blobInfo(id).isPresent());
    cluster.chain().holdEvents(); // node 1 lags: its events still show only the expired registration
    long next = cluster.chain().epoch() + 1;
    cluster.chain().advanceEpoch(null);
    cluster.chain().register(id, data.length, 3, false); // registered again, for the new epoch
    awaitTrue(() -> cluster.node(1).chainState().current().epoch() == next);

    var poll = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.get(cluster.url(1)
        + dev.floe.core.protocol.Routes.permanentConfirmation(id) + "?wait_for_registration=true&wait_millis=4000"));
    Thread.sleep(300);
    cluster.chain().releaseEvents();
    awaitTrue(() -> cluster.node(1).store().blobInfo(id).map(i -> i.isRegisteredAt(next)).orElse(false));
    client.store(blob, cluster.committee(), List.of(cluster.url(0)), false);
    Response r = poll.get();
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in time");
      }
      Thread.sleep(20);
    }
  }
}
