package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.InconsistencyProof;
import dev.floe.core.encoding.RecoverySymbol;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.Tampering;
import dev.floe.node.testing.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sliver recovery between real nodes on loopback (in-memory chain): a node that was down during an
 * upload rebuilds its slivers from peers' recovery symbols once the blob is certified, and a node
 * that finds an inconsistent encoding gets it invalidated by its peers' attestations.
 */
class RecoveryTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;

  static void await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in " + timeout);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void nodeDownDuringUploadRecoversItsSliversAfterCertification() {
    try (FakeCluster cluster = new FakeCluster(dir, 4, N_SHARDS, null); TestClient client = new TestClient()) {
      for (int i = 0; i < 3; i++) {
        cluster.start(i);
      }
      byte[] data = new byte[50_000];
      new Random(7).nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      BlobId id = blob.blobId();
      byte[] objectId = cluster.chain().register(id, data.length, 5, false);
      client.store(blob, cluster.committee(), List.of(cluster.url(3)), false);
      assertThat(client.confirmations(id, cluster.committee())).hasSize(3);
      cluster.chain().certify(id, objectId);

      StorageNode late = cluster.start(3);
      CommitteeMember m3 = cluster.committee().members().get(3);
      await(() -> allOwnedStored(late, m3, id), Duration.ofSeconds(30));
      for (int shard : m3.shards()) {
        int pair = CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
        assertThat(late.store().sliver(id, pair, SliverType.PRIMARY)).get().isEqualTo(blob.pair(pair).primary().toBcs());
        assertThat(late.store().sliver(id, pair, SliverType.SECONDARY)).get()
            .isEqualTo(blob.pair(pair).secondary().toBcs());
      }
      assertThat(late.metrics().sliversRecovered()).isEqualTo(2.0 * m3.shards().size());
      // traffic: symbols with proofs, far less than the blob
      assertThat(late.metrics().recoveryBytesDownloaded()).isLessThan(data.length);
      assertThat(client.confirmation(cluster.url(3), id).status()).isEqualTo(200);

      // with nodes 0 and 1 down, nodes 2 and 3 hold exactly n-2f primary slivers: the read
      // succeeds only because node 3 serves what it recovered
      cluster.stop(0);
      cluster.stop(1);
      assertThat(client.read(id, cluster.committee()).blob()).isEqualTo(data);
    }
  }

  @Test
  void inconsistentEncodingIsProvenAttestedAndInvalidated() {
    try (FakeCluster cluster = new FakeCluster(dir, 4, N_SHARDS, null); TestClient client = new TestClient()) {
      for (int i = 0; i < 3; i++) {
        cluster.start(i);
      }
      byte[] data = new byte[20_000];
      new Random(11).nextBytes(data);
      EncodedBlob honest = new RedStuffEncoder(CONFIG).encode(data);

      // a malicious writer alters one primary sliver of a pair held by node 3 and commits to it
      CommitteeMember m3 = cluster.committee().members().get(3);
      Tampering.Tampered t = Tampering.tamper(honest, CONFIG, m3.shards());
      byte[] objectId = cluster.chain().register(t.blobId(), data.length, 5, false);
      for (int i = 0; i < 3; i++) {
        String url = cluster.url(i);
        assertThat(client.put(url + Routes.metadata(t.blobId()), t.metadata().toBcs()).status()).isIn(200, 201);
        for (int shard : cluster.committee().members().get(i).shards()) {
          int pair = CONFIG.pairForShard(shard, t.blobId().rotationOffset(N_SHARDS));
          assertThat(client.putSliver(url, t.blobId(), pair, SliverType.PRIMARY, honest.pair(pair).primary().toBcs(), false)
              .status()).isIn(200, 201);
          assertThat(client.putSliver(url, t.blobId(), pair, SliverType.SECONDARY,
              honest.pair(pair).secondary().toBcs(), false).status()).isIn(200, 201);
        }
      }
      cluster.chain().certify(t.blobId(), objectId);
      StorageNode late = cluster.start(3);
      await(() -> !cluster.chain().invalidations().isEmpty(), Duration.ofSeconds(30));
      InvalidBlobIdMessage msg = InvalidBlobIdMessage.parse(cluster.chain().invalidations().get(0).message());
      assertThat(msg.blobId()).isEqualTo(t.blobId());
      await(() -> cluster.node(0).store().blobInfo(t.blobId()).map(i -> i.isInvalid()).orElse(false)
          && !cluster.node(0).store().hasMetadata(t.blobId()), Duration.ofSeconds(20));
      var status = client.get(cluster.url(1) + Routes.blobStatus(t.blobId())).json().getJsonObject(JsonFields.SUCCESS)
          .getJsonObject(JsonFields.DATA);
      assertThat(status.containsKey(JsonFields.INVALID)).isTrue();
      assertThat(client.get(cluster.url(0) + Routes.metadata(t.blobId())).reason()).isEqualTo("BLOB_INVALID");
      assertThat(late.store().hasSliver(t.blobId(), t.pair(), SliverType.PRIMARY)).isFalse();

      // a "proof" against a consistent blob is refused: its symbols decode to the committed sliver
      cluster.chain().register(honest.blobId(), data.length, 5, false);
      client.store(honest, cluster.committee(), List.of(), false);
      List<RecoverySymbol> symbols = new ArrayList<>();
      for (int j = 0; j < CONFIG.symbolsForRecovery(SliverType.PRIMARY); j++) {
        symbols.add(new RecoverySymbolProducer(CONFIG, honest.secondary(j)).recoverySymbol(0));
      }
      byte[] proof = new InconsistencyProof(SliverType.PRIMARY, 0, symbols).toBcs();
      TestClient.Response refused = client.post(
          cluster.url(0) + Routes.inconsistencyProof(honest.blobId(), SliverType.PRIMARY), proof);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.reason()).isEqualTo("INVALID_INCONSISTENCY_PROOF");
      TestClient.Response garbage = client.post(
          cluster.url(0) + Routes.inconsistencyProof(honest.blobId(), SliverType.PRIMARY), new byte[] {1});
      assertThat(garbage.reason()).isEqualTo("MALFORMED_BCS");
    }
  }

  private static boolean allOwnedStored(StorageNode node, CommitteeMember m, BlobId id) {
    for (int shard : m.shards()) {
      int pair = CONFIG.pairForShard(shard, id.rotationOffset(N_SHARDS));
      if (!node.store().hasSliver(id, pair, SliverType.PRIMARY) || !node.store().hasSliver(id, pair, SliverType.SECONDARY)) {
        return false;
      }
    }
    return true;
  }
}
