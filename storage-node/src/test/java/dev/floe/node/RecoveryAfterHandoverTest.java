package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.testing.CommitteeEdits;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sliver recovery that outlives the node's ownership of its shard: the node keeps retrying while
 * the shard moves away and is handed over (its slivers deleted), and the rebuild only succeeds after
 * that. Storing the rebuilt sliver then would leave it on disk for good (no shard state names it any
 * more, so nothing deletes it) and serve it as the node's own. Three real nodes on loopback with
 * RocksDB over the in-memory chain.
 */
class RecoveryAfterHandoverTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;

  @Test
  void aSliverRebuiltAfterItsShardWasHandedOverIsNotStored() {
    try (FakeCluster cluster = new FakeCluster(dir, 3, N_SHARDS, null); TestClient client = new TestClient()) {
      // retried for tens of seconds: long enough to outlive two epoch changes
      cluster.recovery(new StorageNodeConfig.Recovery(6, 400, 20L, 100L, 1_000L));
      cluster.start(0);
      cluster.start(2);
      byte[] data = new byte[60_000];
      new Random(13).nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      BlobId id = blob.blobId();
      byte[] object = cluster.chain().register(id, data.length, 10, false);
      client.store(blob, cluster.committee(), List.of(cluster.url(1)), false);
      cluster.chain().certify(id, object);
      cluster.stop(2);

      // node 1 was down during the upload; with only node 0's 4 shards up it rebuilds its secondary
      // slivers (n - 2f = 4 symbols) but not its primary ones (n - f = 7): those retry
      NodeCommittee first = cluster.committee();
      int shard = first.members().get(1).shards().get(0);
      int pair = CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
      StorageNode node = cluster.start(1);
      Await.until("node 1 rebuilds the secondary sliver", Duration.ofSeconds(20),
          () -> node.store().hasSliver(id, pair, SliverType.SECONDARY));
      assertThat(node.store().hasSliver(id, pair, SliverType.PRIMARY)).isFalse();

      // the shard moves to node 0; one epoch later node 1 deletes what it kept of it
      cluster.chain().advanceEpoch(CommitteeEdits.moveShard(first, shard, 1, 0));
      Await.until("node 1 keeps the shard for its new owner", Duration.ofSeconds(20),
          () -> node.store().shardStates().get(shard) == dev.floe.node.store.ShardState.LOCKED_TO_MOVE);
      cluster.chain().advanceEpoch(null);
      Await.until("node 1 hands the shard over", Duration.ofSeconds(20),
          () -> node.chainState().current().epoch() == 3 && !node.store().shardStates().containsKey(shard)
              && !node.store().hasSliver(id, pair, SliverType.SECONDARY));
      assertThat(node.recoveryScheduler().inProgress()).as("the primary sliver is still being retried").isPositive();

      // node 2 is back: the retried rebuild now succeeds, after the shard was handed over
      cluster.start(2);
      Await.until("node 1's recovery ends", Duration.ofSeconds(30), () -> node.recoveryScheduler().inProgress() == 0);
      assertThat(node.store().hasSliver(id, pair, SliverType.PRIMARY))
          .as("a sliver of a shard node 1 no longer owns, stored after its hand-over").isFalse();
    }
  }
}
