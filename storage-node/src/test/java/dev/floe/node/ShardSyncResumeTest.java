package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.store.SyncProgress;
import dev.floe.node.testing.CommitteeEdits;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shard pulls on real RocksDB and real HTTP with the chain in memory, one sliver per request: a node
 * that stopped in the middle of a pull resumes from its persisted progress (the previous owner serves
 * only what is still missing); a sliver the previous owner sends wrongly is dropped and recovered from
 * all peers.
 */
class ShardSyncResumeTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final int BLOBS = 6;
  private static final int PULLED_BEFORE_STOP = 3;

  @TempDir Path dir;

  @Test
  void aRestartedNodeResumesThePullWhereItStopped() {
    try (FakeCluster cluster = new FakeCluster(dir, 2, N_SHARDS, null); TestClient client = new TestClient()) {
      List<EncodedBlob> blobs = storeBlobs(cluster, client);
      cluster.stop(1);
      int shard = moveAShardToNode1(cluster);

      // node 1 had processed the epoch change and stored the first batches of primary slivers
      // (with their progress, atomically) when it stopped: the state a migration persists
      try (RocksSliverStore store = RocksSliverStore.open("node-1-offline", cluster.dataDir(1), 1 << 20, 1 << 20)) {
        StoreBatch batch = new StoreBatch().advanceCursor(new EventCursor(cluster.chain().eventCount(), 0), 1);
        for (EncodedBlob blob : blobs.subList(0, PULLED_BEFORE_STOP)) {
          int pair = pairOf(blob.blobId(), shard);
          batch.putSliver(blob.blobId(), pair, SliverType.PRIMARY, blob.pair(pair).primary().toBcs());
        }
        batch.putShardSync(shard, SyncProgress.after(SliverType.PRIMARY,
            blobs.get(PULLED_BEFORE_STOP - 1).blobId()).orElseThrow());
        store.commit(batch);
        assertThat(store.shardStates()).containsEntry(shard, ShardState.ACTIVE_SYNC);
      }

      StorageNode node = cluster.start(1);
      awaitShardActive(cluster, node, shard);
      assertHoldsOriginals(node, blobs, shard);
      int rest = BLOBS - PULLED_BEFORE_STOP + BLOBS;
      assertThat(cluster.node(0).metrics().syncShardSliversSent()).isEqualTo(rest);
      assertThat(node.metrics().syncShardSliversReceived()).isEqualTo(rest);
      assertThat(node.metrics().syncShardFallbackSlivers()).isZero();
      assertThat(node.metrics().sliversRecovered()).isZero();
    }
  }

  @Test
  void aSliverThePreviousOwnerSendsWronglyIsDroppedAndRecoveredFromAllPeers() {
    try (FakeCluster cluster = new FakeCluster(dir, 2, N_SHARDS, null); TestClient client = new TestClient()) {
      List<EncodedBlob> blobs = storeBlobs(cluster, client);
      int shard = cluster.committee().members().get(0).shards().get(0);
      EncodedBlob victim = blobs.get(2);
      int pair = pairOf(victim.blobId(), shard);
      SliverData good = victim.pair(pair).primary();
      byte[] bad = good.data();
      bad[3] ^= 0x10;
      cluster.node(0).store().putSliver(victim.blobId(), pair, SliverType.PRIMARY,
          SliverData.of(SliverType.PRIMARY, pair, good.symbolSize(), bad).toBcs());

      moveAShardToNode1(cluster);
      StorageNode node = cluster.node(1);
      awaitShardActive(cluster, node, shard);
      assertHoldsOriginals(node, blobs, shard);
      assertThat(node.metrics().syncShardSliversReceived()).isEqualTo(2 * BLOBS - 1);
      assertThat(node.metrics().syncShardFallbackSlivers()).isEqualTo(1);
      assertThat(node.metrics().sliversRecovered()).isEqualTo(1);
      assertThat(node.metrics().scrape()).contains("sync_shard_invalid_slivers_total{node=\"node-1\"} 1.0");
    }
  }

  @Test
  void aNodeCatchingUpOverTwoEpochChangesKeepsTheShardItHeldUntilTheLastOneForItsNewOwner() {
    try (FakeCluster cluster = new FakeCluster(dir, 2, N_SHARDS, null); TestClient client = new TestClient()) {
      List<EncodedBlob> blobs = storeBlobs(cluster, client);
      cluster.stop(0);
      cluster.stop(1);
      // both nodes are down across two epoch changes: epoch 2 keeps the shards, epoch 3 moves one of
      // node 0's shards to node 1, so node 0 held it until the last change and must hand it over
      cluster.chain().advanceEpoch(null);
      NodeCommittee second = cluster.committee();
      int shard = second.members().get(0).shards().get(0);
      cluster.chain().advanceEpoch(CommitteeEdits.moveShard(second, shard, 0, 1));

      StorageNode previousOwner = cluster.start(0);
      assertThat(previousOwner.store().shardStates()).as("kept for its new owner")
          .containsEntry(shard, ShardState.LOCKED_TO_MOVE);
      assertHoldsOriginals(previousOwner, blobs, shard);

      StorageNode node = cluster.start(1);
      awaitShardActive(cluster, node, shard, 3);
      assertHoldsOriginals(node, blobs, shard);
      assertThat(node.metrics().syncShardSliversReceived()).isEqualTo(2 * BLOBS);
      assertThat(node.metrics().syncShardFallbackSlivers()).isZero();
    }
  }

  @Test
  void aShardNoPeerCouldGiveIsTriedAgainOnceThePeerIsBack() throws Exception {
    try (FakeCluster cluster = new FakeCluster(dir, 2, N_SHARDS, null); TestClient client = new TestClient()) {
      cluster.recovery(new StorageNodeConfig.Recovery(2, 2, 20L, 50L, 1_000L));
      List<EncodedBlob> blobs = storeBlobs(cluster, client);
      cluster.stop(0);
      NodeCommittee old = cluster.committee();
      int shard = old.members().get(0).shards().get(0);
      cluster.chain().advanceEpoch(CommitteeEdits.moveShard(old, shard, 0, 1));
      StorageNode node = cluster.node(1);
      // the previous owner, the only peer, is down: the pull and every recovery round fail
      Await.until("node 1 falls back to recovery", Duration.ofSeconds(10),
          () -> node.metrics().syncShardFallbackSlivers() > 0);
      Thread.sleep(2_000);
      assertThat(node.store().shardStates()).containsEntry(shard, ShardState.ACTIVE_RECOVER);
      assertThat(cluster.chain().syncDone()).doesNotContain(2L);

      cluster.start(0);
      awaitShardActive(cluster, node, shard);
      assertHoldsOriginals(node, blobs, shard);
    }
  }

  @Test
  void aPreviousOwnerWithALowerCapIsAskedForFewerSlivers() {
    try (FakeCluster cluster = new FakeCluster(dir, 2, N_SHARDS, null); TestClient client = new TestClient()) {
      // 8 slivers asked per request, at most 2 served: the owner refuses 8 (and 4) as INVALID_SLIVER_COUNT
      List<EncodedBlob> blobs = storeBlobs(cluster, client, new StorageNodeConfig.ShardSync(8, 2, null, null));
      int shard = moveAShardToNode1(cluster);
      StorageNode node = cluster.node(1);
      awaitShardActive(cluster, node, shard);
      assertHoldsOriginals(node, blobs, shard);
      assertThat(node.metrics().syncShardSliversReceived()).isEqualTo(2 * BLOBS);
      assertThat(node.metrics().syncShardFallbackSlivers()).isZero();
      assertThat(node.metrics().sliversRecovered()).isZero();
    }
  }

  /** Starts both nodes (one sliver per sync request) and stores and certifies {@link #BLOBS} blobs. */
  private static List<EncodedBlob> storeBlobs(FakeCluster cluster, TestClient client) {
    return storeBlobs(cluster, client, new StorageNodeConfig.ShardSync(1, null, null, null));
  }

  private static List<EncodedBlob> storeBlobs(FakeCluster cluster, TestClient client,
      StorageNodeConfig.ShardSync sync) {
    cluster.shardSync(sync).startAll();
    List<EncodedBlob> blobs = new ArrayList<>();
    Random random = new Random(21);
    for (int i = 0; i < BLOBS; i++) {
      byte[] data = new byte[2_000 + 700 * i];
      random.nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      byte[] objectId = cluster.chain().register(blob.blobId(), data.length, 5, false);
      client.store(blob, cluster.committee(), List.of(), false);
      cluster.chain().certify(blob.blobId(), objectId);
      blobs.add(blob);
    }
    blobs.sort(Comparator.comparing(EncodedBlob::blobId));
    for (EncodedBlob blob : blobs) {
      for (int i = 0; i < 2; i++) {
        StorageNode n = cluster.node(i);
        Await.until("node " + i + " sees the certification", Duration.ofSeconds(10),
            () -> n.store().blobInfo(blob.blobId()).map(b -> b.isCertifiedAt(1)).orElse(false));
      }
    }
    return blobs;
  }

  /** The next epoch, with node 0's first shard moved to node 1; returns the shard. */
  private static int moveAShardToNode1(FakeCluster cluster) {
    NodeCommittee old = cluster.committee();
    int shard = old.members().get(0).shards().get(0);
    cluster.chain().advanceEpoch(CommitteeEdits.moveShard(old, shard, 0, 1));
    Await.until("node 0 processes the epoch change", Duration.ofSeconds(10),
        () -> cluster.node(0).store().shardStates().get(shard) == ShardState.LOCKED_TO_MOVE);
    return shard;
  }

  private static void awaitShardActive(FakeCluster cluster, StorageNode node, int shard) {
    awaitShardActive(cluster, node, shard, 2);
  }

  private static void awaitShardActive(FakeCluster cluster, StorageNode node, int shard, long epoch) {
    Await.until("node 1 finishes the shard", Duration.ofSeconds(20),
        () -> node.store().shardStates().get(shard) == ShardState.ACTIVE);
    Await.until("node 1 reports the epoch sync done", Duration.ofSeconds(10),
        () -> cluster.chain().syncDone().contains(epoch));
  }

  private static void assertHoldsOriginals(StorageNode node, List<EncodedBlob> blobs, int shard) {
    for (EncodedBlob blob : blobs) {
      int pair = pairOf(blob.blobId(), shard);
      for (SliverType t : SliverType.values()) {
        assertThat(node.store().sliver(blob.blobId(), pair, t)).get().isEqualTo(blob.pair(pair).sliver(t).toBcs());
      }
    }
  }

  private static int pairOf(BlobId id, int shard) {
    return CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
  }
}
