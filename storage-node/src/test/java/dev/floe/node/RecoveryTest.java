package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.SliverPairMetadata;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.InconsistencyProof;
import dev.floe.core.encoding.RecoverySymbol;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.testing.FakeCluster;
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
      Tampered t = tamper(honest, m3);
      byte[] objectId = cluster.chain().register(t.id(), data.length, 5, false);
      for (int i = 0; i < 3; i++) {
        String url = cluster.url(i);
        assertThat(client.put(url + Routes.metadata(t.id()), t.metadata().toBcs()).status()).isIn(200, 201);
        for (int shard : cluster.committee().members().get(i).shards()) {
          int pair = CONFIG.pairForShard(shard, t.id().rotationOffset(N_SHARDS));
          assertThat(client.putSliver(url, t.id(), pair, SliverType.PRIMARY, honest.pair(pair).primary().toBcs(), false)
              .status()).isIn(200, 201);
          assertThat(client.putSliver(url, t.id(), pair, SliverType.SECONDARY,
              honest.pair(pair).secondary().toBcs(), false).status()).isIn(200, 201);
        }
      }
      cluster.chain().certify(t.id(), objectId);
      StorageNode late = cluster.start(3);
      await(() -> !cluster.chain().invalidations().isEmpty(), Duration.ofSeconds(30));
      InvalidBlobIdMessage msg = InvalidBlobIdMessage.parse(cluster.chain().invalidations().get(0).message());
      assertThat(msg.blobId()).isEqualTo(t.id());
      await(() -> cluster.node(0).store().blobInfo(t.id()).map(i -> i.isInvalid()).orElse(false)
          && !cluster.node(0).store().hasMetadata(t.id()), Duration.ofSeconds(20));
      var status = client.get(cluster.url(1) + Routes.blobStatus(t.id())).json().getJsonObject(JsonFields.SUCCESS)
          .getJsonObject(JsonFields.DATA);
      assertThat(status.containsKey(JsonFields.INVALID)).isTrue();
      assertThat(client.get(cluster.url(0) + Routes.metadata(t.id())).reason()).isEqualTo("BLOB_INVALID");
      assertThat(late.store().hasSliver(t.id(), t.pair(), SliverType.PRIMARY)).isFalse();

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

  record Tampered(BlobId id, BlobMetadata metadata, int pair) {}

  private static Tampered tamper(EncodedBlob honest, CommitteeMember victim) {
    // the pair index depends on the blob ID, which changes with the metadata: search a pair p such
    // that, after tampering primary sliver p, the new blob ID maps p to a shard of the victim
    for (int attempt = 0; attempt < 40 * N_SHARDS; attempt++) {
      int p = attempt % N_SHARDS;
      SliverData s = honest.pair(p).primary();
      byte[] altered = s.data();
      altered[attempt / N_SHARDS] ^= 0x01;
      SliverData bad = SliverData.of(SliverType.PRIMARY, p, s.symbolSize(), altered);
      List<SliverPairMetadata> hashes = new ArrayList<>(honest.metadata().metadata().hashes());
      hashes.set(p, new SliverPairMetadata(new RecoverySymbolProducer(CONFIG, bad).root(), hashes.get(p).secondaryHash()));
      BlobMetadata md = new BlobMetadata(honest.metadata().metadata().encodingType(), honest.metadata().unencodedLength(), hashes);
      BlobId id = md.computeBlobId();
      VerifiedBlobMetadata verified = new BlobMetadataWithId(id, md).verify(CONFIG);
      int shard = CONFIG.shardForPair(p, id.rotationOffset(N_SHARDS));
      if (victim.shards().contains(shard)) {
        return new Tampered(verified.blobId(), md, p);
      }
    }
    throw new IllegalStateException("no pair maps to the victim's shards");
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
