package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.challenge.ChallengeOutcome;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of unreachable members on a real chain (anvil, the contracts, the EVM control plane) with
 * real nodes (RocksDB, HTTP on loopback): four nodes store and certify blobs in epoch 1. Node 3
 * then goes down for good before the change to epoch 2; node 2 is stopped right after the epoch
 * change is done, before the challenge rounds, and restarted once the other nodes' first runs found
 * it unreachable. In epoch 2 the restarted node passes on a retry and is not reported, while node 3,
 * still unreachable after every retry, fails and is reported on-chain.
 */
class ChallengeRetryIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final int RESTARTING = 2;
  private static final int DOWN = 3;
  private static final int RETRIES = 3;

  @TempDir Path dir;

  @Test
  void aMemberRestartedWithinTheRetriesIsNotReportedButOneThatStaysDownIs() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS); TestClient client = new TestClient()) {
      // rounds 5 s after the epoch change; an unreachable member is retried 2 s, 4 s and 8 s later
      cluster.setChallenges(new StorageNodeConfig.Challenges(true, 5_000L, 8, 2, 2_000L, 100L, 2, RETRIES, 2_000L));
      cluster.startFirstEpoch();
      for (int i = 0; i < 4; i++) {
        cluster.start(i);
      }
      NodeCommittee epoch1 = cluster.committee();
      Random random = new Random(23);
      for (int size : new int[] {24_000, 41_000}) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        cluster.storeAndCertify(client, epoch1, new RedStuffEncoder(CONFIG).encode(data), 5);
      }
      CommitteeMember restarting = member(cluster, epoch1, RESTARTING);
      CommitteeMember down = member(cluster, epoch1, DOWN);
      // the other three hold enough shards (at least 7 of 10) to finish the epoch change without node 3
      assertThat(down.weight()).isLessThanOrEqualTo(3);

      cluster.stop(DOWN);
      cluster.changeEpoch();
      cluster.awaitEpochChangeDone(2);
      cluster.stop(RESTARTING);
      // each challenger's first run finds both members unreachable and schedules a retry of each
      for (int i = 0; i < 2; i++) {
        StorageNode n = cluster.node(i);
        Await.until("node " + i + " retries both stopped members", Duration.ofSeconds(30),
            () -> n.challengeMetrics().retries() >= 2);
      }
      cluster.start(RESTARTING);

      EvmControlPlane chain = cluster.owner();
      Await.until("node 3's challenge failure is recorded on-chain", Duration.ofSeconds(60),
          () -> Await.result(chain.challengeFailed(Address.of(down.nodeId()), 2)));
      List<ChallengeOutcome> ofRestarting = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        StorageNode n = cluster.node(i);
        Await.until("node " + i + " finishes its challenge round of epoch 2", Duration.ofSeconds(30),
            () -> n.challenger().completedEpoch() == 2);
        List<ChallengeOutcome> outcomes = n.challenger().lastOutcomes();
        assertThat(outcomes).as("node %d challenges every other member", i).hasSize(3);
        for (ChallengeOutcome o : outcomes) {
          if (Arrays.equals(o.nodeId(), down.nodeId())) {
            assertThat(o.result()).as(o.toString()).isEqualTo(ChallengeOutcome.Result.UNREACHABLE);
            assertThat(o.runs()).as("the first run and every retry").isEqualTo(RETRIES + 1);
          } else {
            assertThat(o.passed()).as("node %d: %s", i, o).isTrue();
            assertThat(o.symbolsChecked()).isEqualTo(8);
          }
          if (Arrays.equals(o.nodeId(), restarting.nodeId())) {
            ofRestarting.add(o);
          }
        }
        assertThat(n.challengeMetrics().unreachable()).isEqualTo(1);
        assertThat(n.challengeMetrics().failuresObserved()).isEqualTo(1);
      }
      // node 2 really was down for the first run and passed on a retry
      assertThat(ofRestarting).hasSize(2).allMatch(o -> o.runs() >= 2);

      for (CommitteeMember m : cluster.committee().members()) {
        boolean failed = Await.result(chain.challengeFailed(Address.of(m.nodeId()), 2));
        assertThat(failed).as("challengeFailed(2, %s)", m.name()).isEqualTo(m.index() == down.index());
      }
      List<StorageChallengeFailed> events = cluster.chainEvents(StorageChallengeFailed.class);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).nodeId()).isEqualTo(Address.of(down.nodeId()));
      assertThat(events.get(0).epoch()).isEqualTo(2);
    }
  }

  private static CommitteeMember member(AnvilCluster cluster, NodeCommittee committee, int node) {
    return committee.memberByProtocolAddress(cluster.key(node).address()).orElseThrow();
  }
}
