package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator retiring a node, on a real chain with real nodes: the node's stake is withdrawn, the
 * next committee leaves it out, the members that gain its shards pull them from it over {@code
 * /v1/migrate/sync_shard} while it keeps running, it drops them once the change is done, and after it
 * is switched off every blob stays readable, even with one more member down.
 */
class LeavingNodeIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final int LEAVER = 4;

  @TempDir Path dir;

  @Test
  void aNodeWhoseStakeIsWithdrawnHandsItsShardsOverAndCanThenBeSwitchedOff() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 5, N_SHARDS); TestClient client = new TestClient()) {
      cluster.startFirstEpoch();
      for (int i = 0; i < 5; i++) {
        cluster.start(i);
      }
      NodeCommittee before = cluster.committee();
      assertThat(before.members()).hasSize(5);
      CommitteeMember leaving = before.memberByProtocolAddress(cluster.key(LEAVER).address()).orElseThrow();
      List<Integer> handedOver = leaving.shards();
      assertThat(handedOver).isNotEmpty();

      Map<BlobId, byte[]> data = new HashMap<>();
      List<EncodedBlob> blobs = new ArrayList<>();
      Random random = new Random(5);
      for (int size : new int[] {20_000, 50_000}) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(bytes);
        cluster.storeAndCertify(client, before, blob, 5);
        data.put(blob.blobId(), bytes);
        blobs.add(blob);
      }
      cluster.awaitEpochChangeDone(1);

      // the operator withdraws all of its node's stake: it counts no longer from the next epoch
      try (EvmControlPlane operator = EvmControlPlane.connect(
          EvmConfig.local(cluster.anvil().rpcUrl()), cluster.deployment(), cluster.account(LEAVER))) {
        List<StakeInfo> stakes = Await.result(operator.stakesOf(cluster.account(LEAVER).address()));
        assertThat(stakes).hasSize(1);
        Await.result(operator.requestWithdrawal(stakes.get(0).stakeId()));
      }
      cluster.changeEpoch();
      NodeCommittee after = cluster.committee();
      assertThat(after.members()).hasSize(4);
      assertThat(after.memberByProtocolAddress(cluster.key(LEAVER).address())).isEmpty();

      cluster.awaitEpochChangeDone(2);
      double received = 0;
      double fallback = 0;
      for (int i = 0; i < 4; i++) {
        received += cluster.node(i).metrics().syncShardSliversReceived();
        fallback += cluster.node(i).metrics().syncShardFallbackSlivers();
      }
      assertThat(received).as("every sliver of the leaver's shards pulled from it").isEqualTo(
          2.0 * handedOver.size() * blobs.size());
      assertThat(fallback).isZero();
      assertThat(cluster.node(LEAVER).metrics().syncShardSliversSent()).isEqualTo(received);
      for (EncodedBlob blob : blobs) {
        for (int shard : handedOver) {
          int pair = CONFIG.pairForShard(shard, blob.blobId().rotationOffset(N_SHARDS));
          CommitteeMember owner = after.ownerOfShard(shard).orElseThrow();
          StorageNode newOwner = cluster.node(cluster.indexOf(owner));
          for (SliverType t : SliverType.values()) {
            assertThat(newOwner.store().sliver(blob.blobId(), pair, t)).get()
                .isEqualTo(blob.pair(pair).sliver(t).toBcs());
          }
        }
      }
      StorageNode retired = cluster.node(LEAVER);
      Await.until("the leaver drops the shards it handed over", Duration.ofSeconds(30),
          () -> handedOver.stream().noneMatch(retired.store().shardStates()::containsKey));

      cluster.stop(LEAVER);
      // one more member down, holding at most f shards: the blobs stay readable from the rest
      CommitteeMember alsoDown = after.members().stream()
          .filter(m -> m.weight() <= CONFIG.maxFaulty())
          .max(Comparator.comparingInt(CommitteeMember::weight)).orElseThrow();
      cluster.stop(cluster.indexOf(alsoDown));
      for (EncodedBlob blob : blobs) {
        int first = (alsoDown.index() + 1) % after.members().size();
        assertThat(client.read(blob.blobId(), after, first).blob()).isEqualTo(data.get(blob.blobId()));
      }
    }
  }
}
