package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.StakeSlashed;
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.challenge.ChallengeAttestService;
import dev.floe.node.challenge.ChallengeOutcome;
import dev.floe.node.store.StoreBatch;
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
 * Storage challenges on a real chain (anvil, the contracts, the EVM control plane) with real nodes
 * (RocksDB, HTTP on loopback): four nodes store and certify blobs in epoch 1; one of them then
 * loses every sliver it holds (deleted from its store while it keeps running and answering). In
 * epoch 2 every node challenges the others from the epoch's on-chain seed and its own secret
 * challenge key: the honest nodes pass, the one that only pretends to store fails at once (no
 * retry: it answered, wrongly), the others attest its failure and the chain records it ({@code
 * challengeFailed}, {@code StorageChallengeFailed}). The attest endpoint's refusals are
 * checked on the same chain.
 */
class StorageChallengeIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final int LIAR = 3;
  private static final int SYMBOLS = 8;

  @TempDir Path dir;

  @Test
  void aNodeThatOnlyPretendsToStoreIsReportedAndHonestNodesPass() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS); TestClient client = new TestClient()) {
      cluster.setChallenges(new StorageNodeConfig.Challenges(true, 1_000L, SYMBOLS, 2, 3_000L, 100L, 2));
      cluster.startFirstEpoch();
      for (int i = 0; i < 4; i++) {
        cluster.start(i);
      }
      NodeCommittee epoch1 = cluster.committee();
      List<EncodedBlob> blobs = storeAndCertify(cluster, client, epoch1);
      cluster.awaitEpochChangeDone(1);
      for (int i = 0; i < 4; i++) {
        StorageNode n = cluster.node(i);
        Await.until("node " + i + " finishes its challenge round of epoch 1", Duration.ofSeconds(20),
            () -> n.challenger().completedEpoch() == 1);
        // nothing was certified before epoch 1: every member passes with nothing to prove
        assertThat(n.challenger().lastOutcomes()).hasSize(3).allMatch(o -> o.passed() && o.symbolsChecked() == 0);
      }

      CommitteeMember liar = epoch1.memberByProtocolAddress(cluster.key(LIAR).address()).orElseThrow();
      int deleted = deleteSlivers(cluster.node(LIAR), liar, blobs);
      assertThat(deleted).isEqualTo(2 * liar.weight() * blobs.size());

      cluster.changeEpoch();
      cluster.awaitEpochChangeDone(2);
      NodeCommittee epoch2 = cluster.committee();
      // same stakes, same shards: the liar cannot have lost the shards it is challenged for
      for (CommitteeMember m : epoch1.members()) {
        assertThat(epoch2.members().get(m.index()).shards()).isEqualTo(m.shards());
      }

      EvmControlPlane chain = cluster.owner();
      Address liarId = Address.of(liar.nodeId());
      Await.until("the liar's challenge failure is recorded on-chain", Duration.ofSeconds(40),
          () -> Await.result(chain.challengeFailed(liarId, 2)));
      for (int i = 0; i < 4; i++) {
        StorageNode n = cluster.node(i);
        Await.until("node " + i + " finishes its challenge round of epoch 2", Duration.ofSeconds(40),
            () -> n.challenger().completedEpoch() == 2);
      }

      for (int i = 0; i < 4; i++) {
        StorageNode n = cluster.node(i);
        List<ChallengeOutcome> outcomes = n.challenger().lastOutcomes();
        assertThat(outcomes).as("node %d challenges every other member", i).hasSize(3);
        for (ChallengeOutcome o : outcomes) {
          assertThat(o.epoch()).isEqualTo(2);
          if (Arrays.equals(o.nodeId(), liar.nodeId())) {
            assertThat(o.result()).as(o.toString()).isEqualTo(ChallengeOutcome.Result.FAILED);
            assertThat(o.reason()).endsWith(": the member answered HTTP 404");
            assertThat(o.runs()).as("a wrong answer fails at once, without a retry").isEqualTo(1);
          } else {
            assertThat(o.passed()).as("node %d: %s", i, o).isTrue();
            assertThat(o.symbolsChecked()).isEqualTo(SYMBOLS);
          }
        }
      }
      // a round on demand reuses the epoch's outcomes: nothing is challenged twice, nothing reported twice
      double reportedBefore = cluster.node(0).challengeMetrics().failuresReported();
      List<ChallengeOutcome> again = cluster.node(0).challenger().runRound().join();
      assertThat(again).hasSize(3);
      assertThat(again.stream().filter(o -> !o.passed()).map(ChallengeOutcome::name)).containsExactly(liar.name());
      assertThat(cluster.node(0).challengeMetrics().failuresReported()).isEqualTo(reportedBefore);
      for (CommitteeMember m : epoch2.members()) {
        boolean failed = Await.result(chain.challengeFailed(Address.of(m.nodeId()), 2));
        assertThat(failed).as("challengeFailed(2, %s)", m.name()).isEqualTo(m.index() == liar.index());
      }
      assertThat(Await.result(chain.challengeFailed(liarId, 1))).isFalse();
      List<StorageChallengeFailed> events = cluster.chainEvents(StorageChallengeFailed.class);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).epoch()).isEqualTo(2);
      assertThat(events.get(0).nodeId()).isEqualTo(liarId);
      // the report slashed the liar's stake, and only its stake
      List<StakeSlashed> slashes = cluster.chainEvents(StakeSlashed.class);
      assertThat(slashes).hasSize(1);
      assertThat(slashes.get(0).nodeId()).isEqualTo(liarId);
      assertThat(slashes.get(0).epoch()).isEqualTo(2);
      assertThat(slashes.get(0).amount().units()).isPositive();
      for (CommitteeMember m : epoch2.members()) {
        TokenAmount slashed = Await.result(chain.slashedStake(Address.of(m.nodeId())));
        assertThat(slashed).as("slashed stake of %s", m.name())
            .isEqualTo(m.index() == liar.index() ? slashes.get(0).amount() : TokenAmount.ZERO);
      }

      double reported = 0;
      double signed = 0;
      for (int i = 0; i < 4; i++) {
        StorageNode n = cluster.node(i);
        assertThat(n.challengeMetrics().failuresObserved()).isEqualTo(i == LIAR ? 0 : 1);
        assertThat(n.challengeMetrics().challengesRun()).isEqualTo(6); // 3 members in epochs 1 and 2
        assertThat(n.challengeMetrics().retries()).isZero();
        reported += n.challengeMetrics().failuresReported();
        signed += n.challengeMetrics().attestationsSigned();
      }
      assertThat(cluster.node(LIAR).challengeMetrics().attestationsSigned()).isZero();
      assertThat(reported).isBetween(1.0, 3.0);
      assertThat(signed).isGreaterThanOrEqualTo(1.0);
      String scraped = client.get("http://127.0.0.1:" + cluster.node(0).metricsPort() + "/metrics").text();
      assertThat(scraped).contains("storage_challenge_failures_observed_total{node=\"node-0\"} 1.0");

      attestRefusals(cluster, client, epoch2, liar);
    }
  }

  /** The attest endpoint: its refusals, and a signed attestation for the member that failed. */
  private static void attestRefusals(AnvilCluster cluster, TestClient client, NodeCommittee committee,
      CommitteeMember liar) {
    int asked = LIAR == 0 ? 1 : 0;
    String url = cluster.url(asked) + ChallengeAttestService.ROUTE;
    CommitteeMember self = committee.memberByProtocolAddress(cluster.key(asked).address()).orElseThrow();
    CommitteeMember honest = committee.members().stream()
        .filter(m -> m.index() != liar.index() && m.index() != self.index()).findFirst().orElseThrow();

    assertRefused(client.post(url, new ChallengeFailureMessage(1, liar.nodeId()).toBytes()), 400, "EPOCH_MISMATCH");
    assertRefused(client.post(url, new ChallengeFailureMessage(3, liar.nodeId()).toBytes()), 400, "EPOCH_MISMATCH");
    byte[] stranger = new byte[20];
    new Random(3).nextBytes(stranger);
    assertRefused(client.post(url, new ChallengeFailureMessage(2, stranger).toBytes()), 400, "NOT_COMMITTEE_MEMBER");
    assertRefused(client.post(url, new byte[] {1, 2, 3}), 400, "MALFORMED_BCS");
    assertRefused(client.post(url, new byte[0]), 400, "MALFORMED_BCS");
    assertRefused(client.post(url, new InvalidBlobIdMessage(2, BlobId.of(new byte[32])).toBytes()), 400,
        "MALFORMED_BCS");
    byte[] trailing = Arrays.copyOf(new ChallengeFailureMessage(2, liar.nodeId()).toBytes(), 45);
    assertRefused(client.post(url, trailing), 400, "MALFORMED_BCS");
    assertRefused(client.post(url, new ChallengeFailureMessage(2, self.nodeId()).toBytes()), 400, "INVALID_PARAMETER");
    TestClient.Response passed = client.post(url, new ChallengeFailureMessage(2, honest.nodeId()).toBytes());
    assertRefused(passed, 409, "CHALLENGE_PASSED");
    assertThat(passed.text()).contains(honest.name());

    byte[] message = new ChallengeFailureMessage(2, liar.nodeId()).toBytes();
    TestClient.Response ok = client.post(url, message);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    // the same JSON shape as inconsistency attestations: {"success":{"data":{"serializedMessage","signature"}}}
    io.vertx.core.json.JsonObject data = ok.json().getJsonObject(dev.floe.core.protocol.JsonFields.SUCCESS)
        .getJsonObject(dev.floe.core.protocol.JsonFields.DATA);
    java.util.Base64.Decoder b64 = java.util.Base64.getDecoder();
    SignedMessage attestation = new SignedMessage(
        b64.decode(data.getString(dev.floe.core.protocol.JsonFields.SERIALIZED_MESSAGE)),
        b64.decode(data.getString(dev.floe.core.protocol.JsonFields.SIGNATURE)));
    assertThat(attestation.message()).isEqualTo(message);
    assertThat(attestation.isSignedBy(self.protocolAddress())).isTrue();
  }

  private static void assertRefused(TestClient.Response r, int status, String reason) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.reason()).as(r.text()).isEqualTo(reason);
  }

  /** Three blobs stored on every node and certified in epoch 1. */
  private static List<EncodedBlob> storeAndCertify(AnvilCluster cluster, TestClient client, NodeCommittee committee) {
    List<EncodedBlob> blobs = new ArrayList<>();
    Random random = new Random(17);
    for (int size : new int[] {20_000, 35_000, 50_000}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      cluster.storeAndCertify(client, committee, blob, 5);
      blobs.add(blob);
    }
    return blobs;
  }

  /** Deletes every sliver the member holds, through the node's store; returns how many. */
  private static int deleteSlivers(StorageNode node, CommitteeMember member, List<EncodedBlob> blobs) {
    StoreBatch batch = new StoreBatch();
    int deleted = 0;
    for (EncodedBlob blob : blobs) {
      for (int shard : member.shards()) {
        int pair = CONFIG.pairForShard(shard, blob.blobId().rotationOffset(N_SHARDS));
        for (SliverType t : SliverType.values()) {
          assertThat(node.store().hasSliver(blob.blobId(), pair, t)).isTrue();
          batch.deleteSliver(blob.blobId(), pair, t);
          deleted++;
        }
      }
    }
    node.store().commit(batch);
    return deleted;
  }

}
