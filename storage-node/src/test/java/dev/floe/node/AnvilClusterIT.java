package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.EpochPhase;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.Tampering;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real anvil chain with the real contracts, reached through the real EVM control
 * plane: nodes register and stake through the node's chain adapter, a blob is registered,
 * uploaded, confirmed and certified on-chain; a node that was down recovers its slivers from its
 * peers; a restarted node keeps everything; a corrupted sliver is caught by the reader; epoch
 * changes are reported (sync done) and expired blobs are refused and collected.
 */
class AnvilClusterIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;

  @Test
  void storeCertifyRecoverRestartAndExpireOnARealChain() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS); TestClient client = new TestClient()) {
      cluster.startFirstEpoch();
      NodeCommittee committee = cluster.committee();
      assertThat(committee.epoch()).isEqualTo(1);
      assertThat(committee.members()).hasSize(4);
      // the node with the fewest shards is down during the upload; the others hold a quorum
      CommitteeMember down = committee.members().stream().min(Comparator.comparingInt(CommitteeMember::weight))
          .orElseThrow();
      int downIndex = indexOf(cluster, down);
      for (int i = 0; i < 4; i++) {
        if (i != downIndex) {
          cluster.start(i);
        }
      }

      byte[] data = new byte[120_000];
      new Random(3).nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      BlobId id = blob.blobId();
      int up = (downIndex + 1) % 4;
      assertThat(client.putMetadata(cluster.url(up), blob, false).reason()).isEqualTo("NOT_REGISTERED");

      BlobObject registered = cluster.register(blob, 5, false);
      client.store(blob, committee, List.of(cluster.url(downIndex)), false);
      Map<Integer, SignedMessage> confirmations = client.confirmations(id, committee);
      assertThat(confirmations).hasSize(3);
      assertThat(committee.isQuorum(committee.weightOf(confirmations.keySet()))).isTrue();
      BlobObject certified = cluster.certify(registered, confirmations);
      assertThat(certified.certifiedEpoch()).hasValue(1);
      assertThat(Await.result(cluster.owner().blobStatus(id))).isInstanceOf(BlobStatus.Permanent.class);

      // the node that was down comes back, sees the certification and recovers from its peers
      StorageNode late = cluster.start(downIndex);
      Await.until("node " + downIndex + " recovers its slivers", Duration.ofSeconds(60),
          () -> storesAllOwned(late, down, id));
      for (int shard : down.shards()) {
        int pair = CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
        assertThat(late.store().sliver(id, pair, SliverType.PRIMARY)).get().isEqualTo(blob.pair(pair).primary().toBcs());
      }
      assertThat(late.metrics().recoveryBytesDownloaded()).isPositive().isLessThan(data.length);
      assertThat(client.confirmation(cluster.url(downIndex), id).status()).isEqualTo(200);

      // a restarted node has lost nothing and resumes after its cursor
      long processed = cluster.node(up).store().eventsProcessed();
      cluster.stop(up);
      StorageNode restarted = cluster.start(up);
      assertThat(restarted.store().eventsProcessed()).isGreaterThanOrEqualTo(processed);
      assertThat(restarted.store().hasMetadata(id)).isTrue();
      assertThat(client.confirmation(cluster.url(up), id).status()).isEqualTo(200);
      assertThat(client.read(id, committee).blob()).isEqualTo(data);

      // a node serving a corrupted sliver is caught by the reader's hash check
      CommitteeMember victim = committee.members().get(up);
      int pair = CONFIG.pairForShard(victim.shards().get(0), id.rotationOffset(N_SHARDS));
      SliverData good = blob.pair(pair).primary();
      byte[] bad = good.data();
      bad[5] ^= 0x40;
      restarted.store().putSliver(id, pair, SliverType.PRIMARY,
          SliverData.of(SliverType.PRIMARY, pair, good.symbolSize(), bad).toBcs());
      TestClient.ReadResult read = client.read(id, committee, victim.index());
      assertThat(read.blob()).isEqualTo(data);
      assertThat(read.rejectedSlivers()).anyMatch(s -> s.startsWith("node-" + up + ":" + pair + ":")
          && s.contains("HashMismatch"));

      // an epoch change: every node reports sync done, the chain finishes the change
      EncodedBlob shortLived = new RedStuffEncoder(CONFIG).encode(new byte[] {1, 2, 3});
      cluster.register(shortLived, 1, false);
      client.store(shortLived, committee, List.of(), false);
      cluster.changeEpoch();
      Await.until("epoch change done", Duration.ofSeconds(60),
          () -> cluster.state().epoch() == 2 && cluster.state().phase() == EpochPhase.EPOCH_CHANGE_DONE);
      Await.until("expired blob collected", Duration.ofSeconds(30),
          () -> !cluster.node(up).store().hasMetadata(shortLived.blobId()));
      assertThat(client.putMetadata(cluster.url(up), shortLived, false).reason()).isEqualTo("BLOB_EXPIRED");
      assertThat(client.get(cluster.url(up) + Routes.metadata(id)).status()).isEqualTo(200);
    }
  }

  @Test
  void inconsistentBlobIsInvalidatedOnChainThroughPeerAttestations() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS); TestClient client = new TestClient()) {
      cluster.startFirstEpoch();
      NodeCommittee committee = cluster.committee();
      CommitteeMember victim = committee.members().stream().min(Comparator.comparingInt(CommitteeMember::weight))
          .orElseThrow();
      int victimIndex = indexOf(cluster, victim);
      for (int i = 0; i < 4; i++) {
        if (i != victimIndex) {
          cluster.start(i);
        }
      }
      byte[] data = new byte[30_000];
      new Random(5).nextBytes(data);
      EncodedBlob honest = new RedStuffEncoder(CONFIG).encode(data);
      Tampering.Tampered t = Tampering.tamper(honest, CONFIG, victim.shards());
      BlobId id = t.blobId();
      dev.floe.controlplane.BlobRegistration reg = new dev.floe.controlplane.BlobRegistration(id,
          t.metadata().computeRoot(), data.length, t.metadata().encodingType(), false);
      BlobObject registered = Await.result(cluster.owner().reserveAndRegisterBlob(reg, 5));
      // every sliver the writer uploads matches its own commitment, so the nodes confirm
      for (CommitteeMember m : committee.members()) {
        if (m.index() == victim.index()) {
          continue;
        }
        assertThat(client.put(m.networkAddress() + Routes.metadata(id), t.metadata().toBcs()).status()).isEqualTo(201);
        for (int shard : m.shards()) {
          int pair = CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
          for (SliverType type : SliverType.values()) {
            assertThat(client.putSliver(m.networkAddress(), id, pair, type, honest.pair(pair).sliver(type).toBcs(), false)
                .status()).isEqualTo(201);
          }
        }
      }
      cluster.certify(registered, client.confirmations(id, committee));

      // the victim recovers its altered primary sliver from the others' symbols: a mismatch
      cluster.start(victimIndex);
      Await.until("blob invalidated on-chain", Duration.ofSeconds(60),
          () -> Await.result(cluster.owner().blobStatus(id)) instanceof BlobStatus.Invalid);
      int other = (victimIndex + 1) % 4;
      Await.until("nodes drop the invalid blob", Duration.ofSeconds(30),
          () -> !cluster.node(other).store().hasMetadata(id));
      assertThat(client.get(cluster.url(other) + Routes.metadata(id)).reason()).isEqualTo("BLOB_INVALID");
      assertThat(client.get(cluster.url(other) + Routes.blobStatus(id)).text()).contains("\"invalid\"");
    }
  }

  private static int indexOf(AnvilCluster cluster, CommitteeMember m) {
    for (int i = 0; i < 4; i++) {
      if (m.hasProtocolAddress(cluster.key(i).address())) {
        return i;
      }
    }
    throw new IllegalStateException("member not found");
  }

  private static boolean storesAllOwned(StorageNode node, CommitteeMember m, BlobId id) {
    for (int shard : m.shards()) {
      int pair = CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
      if (!node.store().hasSliver(id, pair, SliverType.PRIMARY) || !node.store().hasSliver(id, pair, SliverType.SECONDARY)) {
        return false;
      }
    }
    return true;
  }
}
