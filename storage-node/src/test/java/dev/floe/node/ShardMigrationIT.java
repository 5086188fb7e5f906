package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.messages.SignedSyncShardRequest;
import dev.floe.core.messages.SyncShardRequest;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.store.ShardState;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shard migration on a real chain (anvil, the contracts, the EVM control plane) with real nodes
 * (RocksDB, HTTP on loopback): four nodes store and certify blobs, a fifth stakes enough to gain
 * shards at the next epoch and pulls them from their previous owners over {@code
 * /v1/migrate/sync_shard}; with a previous owner down it recovers that shard from all peers
 * instead. Either way it reports its epoch sync done and the epoch change completes. The
 * endpoint's refusals are checked on the same chain.
 */
class ShardMigrationIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final int NEW = 4;
  private static final HexFormat HEX = HexFormat.of();
  private static final Map<BlobId, byte[]> DATA = new java.util.concurrent.ConcurrentHashMap<>();

  @TempDir Path dir;

  @Test
  void aNewNodePullsItsShardsFromThePreviousOwnersAndTheEndpointRefusesBadRequests() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 5, N_SHARDS, null, 4); TestClient client = new TestClient()) {
      List<EncodedBlob> blobs = prepare(cluster, client, true);
      NodeCommittee before = cluster.committee();
      cluster.changeEpoch();
      NodeCommittee after = cluster.committee();
      CommitteeMember joined = member(cluster, after, NEW);
      assertThat(after.isQuorum(N_SHARDS - joined.weight()))
          .as("the new node's weight is needed for the quorum that finishes the epoch change").isFalse();

      StorageNode node = cluster.node(NEW);
      cluster.awaitEpochChangeDone(2);
      assertThat(node.store().shardStates()).containsAllEntriesOf(active(joined.shards()));
      long expectedBytes = 0;
      for (EncodedBlob blob : blobs) {
        for (int shard : joined.shards()) {
          int pair = CONFIG.pairForShard(shard, blob.blobId().rotationOffset(N_SHARDS));
          for (SliverType t : SliverType.values()) {
            byte[] original = blob.pair(pair).sliver(t).toBcs();
            assertThat(node.store().sliver(blob.blobId(), pair, t)).get().isEqualTo(original);
            expectedBytes += original.length;
          }
        }
      }
      int expectedSlivers = 2 * joined.shards().size() * blobs.size();
      assertThat(node.metrics().syncShardSliversReceived()).isEqualTo(expectedSlivers);
      assertThat(node.metrics().syncShardFallbackSlivers()).isZero();
      assertThat(node.metrics().sliversRecovered()).isZero();
      // the answers hold the slivers plus 33 bytes per sliver (blob ID, tag) and 2 bytes per answer
      assertThat(node.metrics().syncShardBytesReceived()).isBetween((double) expectedBytes,
          expectedBytes + 33.0 * expectedSlivers + 2.0 * 4 * joined.shards().size());
      double sent = 0;
      for (int i = 0; i < 4; i++) {
        sent += cluster.node(i).metrics().syncShardSliversSent();
      }
      assertThat(sent).isEqualTo(expectedSlivers);
      String scraped = client.get("http://127.0.0.1:" + node.metricsPort() + "/metrics").text();
      assertThat(scraped).contains("sync_shard_slivers_received_total{node=\"node-4\"} " + expectedSlivers + ".0")
          .contains("sync_shard_fallback_slivers_total{node=\"node-4\"} 0.0");

      // the previous owners delete the slivers of the shards that moved once the new owner reports them received
      int shard = joined.shards().get(0);
      int owner = cluster.indexOf(before.ownerOfShard(shard).orElseThrow());
      StorageNode previous = cluster.node(owner);
      Await.until("the previous owner drops the moved shard", Duration.ofSeconds(20),
          () -> !previous.store().shardStates().containsKey(shard));
      for (EncodedBlob blob : blobs) {
        int pair = CONFIG.pairForShard(shard, blob.blobId().rotationOffset(N_SHARDS));
        assertThat(previous.store().hasSliver(blob.blobId(), pair, SliverType.PRIMARY)).isFalse();
        assertThat(previous.store().hasSliver(blob.blobId(), pair, SliverType.SECONDARY)).isFalse();
      }
      for (EncodedBlob blob : blobs) {
        assertThat(client.read(blob.blobId(), after).blob()).isEqualTo(DATA.get(blob.blobId()));
      }

      refusals(cluster, client, after, shard, owner);
    }
  }

  @Test
  void aGainedShardWhosePreviousOwnerIsDownIsRecoveredFromAllPeers() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 5, N_SHARDS, null, 4); TestClient client = new TestClient()) {
      List<EncodedBlob> blobs = prepare(cluster, client, false);
      NodeCommittee before = cluster.committee();
      cluster.stop(NEW); // the new node learns of the epoch change only once it is back
      cluster.changeEpoch();
      NodeCommittee after = cluster.committee();
      CommitteeMember joined = member(cluster, after, NEW);
      // the previous owner of a gained shard with the fewest shards now goes down
      CommitteeMember down = joined.shards().stream().map(s -> before.ownerOfShard(s).orElseThrow())
          .min(java.util.Comparator.comparingInt(m -> after.members().get(m.index()).weight())).orElseThrow();
      int downIndex = cluster.indexOf(down);
      List<Integer> lostShards = joined.shards().stream().filter(s -> down.shards().contains(s)).toList();
      cluster.stop(downIndex);

      StorageNode node = cluster.start(NEW);
      cluster.awaitEpochChangeDone(2);
      assertThat(node.store().shardStates()).containsAllEntriesOf(active(joined.shards()));
      for (EncodedBlob blob : blobs) {
        for (int shard : joined.shards()) {
          int pair = CONFIG.pairForShard(shard, blob.blobId().rotationOffset(N_SHARDS));
          for (SliverType t : SliverType.values()) {
            assertThat(node.store().sliver(blob.blobId(), pair, t)).get().isEqualTo(blob.pair(pair).sliver(t).toBcs());
          }
        }
      }
      int fallback = 2 * lostShards.size() * blobs.size();
      assertThat(node.metrics().syncShardFallbackSlivers()).isEqualTo(fallback);
      assertThat(node.metrics().sliversRecovered()).isEqualTo(fallback);
      assertThat(node.metrics().syncShardSliversReceived())
          .isEqualTo(2.0 * (joined.shards().size() - lostShards.size()) * blobs.size());
    }
  }

  /** The endpoint's refusals, each with its stable code and nothing served. */
  private static void refusals(AnvilCluster cluster, TestClient client, NodeCommittee committee, int shard,
      int previousOwner) {
    String url = cluster.url(previousOwner);
    StorageNode server = cluster.node(previousOwner);
    double sentBefore = server.metrics().syncShardSliversSent();
    ProtocolKeyPair requester = cluster.key(NEW);
    String auth = HEX.formatHex(requester.publicKey());
    BlobId start = BlobId.of(new byte[32]);
    SyncShardRequest good = new SyncShardRequest(2, shard, SliverType.PRIMARY, start, 10);
    byte[] body = SignedSyncShardRequest.sign(good, requester).toBcs();

    assertRefused(client.syncShard(url, null, body), 400, "INVALID_AUTHORIZATION");
    assertRefused(client.syncShard(url, "0x1234", body), 400, "INVALID_AUTHORIZATION");
    assertRefused(client.syncShard(url, auth, new byte[] {1, 2, 3}), 400, "MALFORMED_BCS");
    byte[] badV = SignedSyncShardRequest.sign(good, requester).signed().signature();
    badV[64] = 29;
    assertRefused(client.syncShard(url, auth, new SignedMessage(good.toBytes(), badV).toBcs()), 400, "INVALID_SIGNATURE");
    assertRefused(client.syncShard(url, auth, SignedSyncShardRequest.sign(good, cluster.key(0)).toBcs()), 403,
        "SIGNER_MISMATCH");
    assertRefused(client.syncShard(url, auth, signed(requester, 2, shard, 0)), 400, "INVALID_SLIVER_COUNT");
    assertRefused(client.syncShard(url, auth, signed(requester, 2, shard, 5_000)), 400, "INVALID_SLIVER_COUNT");
    assertRefused(client.syncShard(url, auth, signed(requester, 1, shard, 10)), 400, "EPOCH_MISMATCH");
    assertRefused(client.syncShard(url, auth, signed(requester, 3, shard, 10)), 400, "EPOCH_MISMATCH");
    ProtocolKeyPair stranger = ProtocolKeyPair.generate(new SecureRandom());
    assertRefused(client.syncShard(url, HEX.formatHex(stranger.publicKey()), signed(stranger, 2, shard, 10)), 403,
        "NOT_SHARD_OWNER");
    int otherMember = (previousOwner + 1) % 4;
    ProtocolKeyPair member = cluster.key(otherMember);
    assertRefused(client.syncShard(url, HEX.formatHex(member.publicKey()), signed(member, 2, shard, 10)), 403,
        "NOT_SHARD_OWNER");
    // a node that did not hold the shard in epoch 1, and the owner after it dropped it
    int notOwner = (previousOwner + 1) % 4;
    assertRefused(client.syncShard(cluster.url(notOwner), auth, body), 400, "SHARD_NOT_PREVIOUSLY_OWNED");
    assertRefused(client.syncShard(url, auth, body), 400, "SHARD_NOT_PREVIOUSLY_OWNED");
    assertThat(server.metrics().syncShardSliversSent()).isEqualTo(sentBefore);
    assertThat(committee.ownerOfShard(shard).orElseThrow().hasProtocolAddress(requester.address())).isTrue();
  }

  private static byte[] signed(ProtocolKeyPair key, long epoch, int shard, long count) {
    return SignedSyncShardRequest.sign(
        new SyncShardRequest(epoch, shard, SliverType.PRIMARY, BlobId.of(new byte[32]), count), key).toBcs();
  }

  private static void assertRefused(TestClient.Response r, int status, String reason) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.reason()).isEqualTo(reason);
  }

  /**
   * Epoch 1 with nodes 0-3 holding all shards and three certified blobs; node 4 registered, running
   * (when {@code startNew}) and staking enough to take 4 of the 10 shards in epoch 2.
   */
  private static List<EncodedBlob> prepare(AnvilCluster cluster, TestClient client, boolean startNew) {
    cluster.startFirstEpoch();
    for (int i = 0; i < 4; i++) {
      cluster.start(i);
    }
    if (startNew) {
      cluster.start(NEW);
    }
    NodeCommittee committee = cluster.committee();
    assertThat(committee.members()).hasSize(4);
    List<EncodedBlob> blobs = new ArrayList<>();
    Random random = new Random(11);
    for (int size : new int[] {30_000, 45_000, 60_000}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      DATA.put(blob.blobId(), data);
      cluster.storeAndCertify(client, committee, blob, 5);
      blobs.add(blob);
    }
    cluster.stake(NEW, 40_000);
    cluster.awaitEpochChangeDone(1);
    return blobs;
  }

  private static CommitteeMember member(AnvilCluster cluster, NodeCommittee committee, int node) {
    CommitteeMember m = committee.memberByProtocolAddress(cluster.key(node).address()).orElseThrow();
    assertThat(m.shards()).as("shards of node " + node + " in epoch " + committee.epoch()).isNotEmpty();
    return m;
  }

  private static Map<Integer, ShardState> active(List<Integer> shards) {
    Map<Integer, ShardState> m = new java.util.HashMap<>();
    shards.forEach(s -> m.put(s, ShardState.ACTIVE));
    return m;
  }
}
