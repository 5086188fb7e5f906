package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.ObjectIds;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API of real nodes (Vert.x on loopback, RocksDB in a temp folder) over the in-memory
 * chain: uploads, confirmations, pending uploads, statuses, and every rejection path with its
 * stable error code.
 */
class StorageNodeApiTest {
  private static final int N_SHARDS = 10;

  @TempDir static Path dir;
  static FakeCluster cluster;
  static TestClient client;
  static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  static final Random RANDOM = new Random(42);

  @BeforeAll
  static void start() {
    cluster = new FakeCluster(dir, 2, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, 1L << 20, 60L, null, null, 4, 2, 3_000L, 3));
    cluster.start(0, true);
    cluster.start(1);
    client = new TestClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  static EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    RANDOM.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }

  static String node(int i) {
    return cluster.url(i);
  }

  static int ownedPair(int member, BlobId id) {
    CommitteeMember m = cluster.committee().members().get(member);
    return CONFIG.pairForShard(m.shards().get(0), id.rotationOffset(N_SHARDS));
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in time");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void storesBlobAndSignsConfirmationOnlyWhenComplete() {
    EncodedBlob blob = encode(3000);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 3000, 3, false);

    Response first = client.putMetadata(node(0), blob, false);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getJsonObject(JsonFields.SUCCESS).getInteger(JsonFields.CODE)).isEqualTo(201);
    assertThat(client.putMetadata(node(0), blob, false).status()).isEqualTo(200);

    Response early = client.confirmation(node(0), id);
    assertThat(early.status()).isEqualTo(400);
    assertThat(early.reason()).isEqualTo("NOT_FULLY_STORED");

    client.store(blob, cluster.committee(), List.of(), false);
    int pair = ownedPair(0, id);
    byte[] primary = blob.pair(pair).primary().toBcs();
    Response again = client.putSliver(node(0), id, pair, SliverType.PRIMARY, primary, false);
    assertThat(again.status()).as("a retried PUT is idempotent").isEqualTo(200);

    Response md = client.get(node(0) + Routes.metadata(id));
    assertThat(md.status()).isEqualTo(200);
    assertThat(BlobMetadataWithId.fromBcs(md.body()).verify(CONFIG).blobId()).isEqualTo(id);
    Response sliver = client.get(node(0) + Routes.sliver(id, pair, SliverType.PRIMARY));
    assertThat(sliver.body()).isEqualTo(primary);
    assertThat(client.get(node(0) + Routes.sliverStatus(id, pair, SliverType.SECONDARY)).json()
        .getJsonObject(JsonFields.SUCCESS).getString(JsonFields.DATA)).isEqualTo("stored");

    for (int i = 0; i < 2; i++) {
      Response r = client.confirmation(node(i), id);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      SignedMessage signed = TestClient.signed(r);
      assertThat(signed.isSignedBy(cluster.key(i).address())).isTrue();
      StorageConfirmation c = StorageConfirmation.parse(signed.message());
      assertThat(c.blobId()).isEqualTo(id);
      assertThat(c.epoch()).isEqualTo(1);
      assertThat(c.persistence()).isEqualTo(BlobPersistence.PERMANENT);
    }
    assertThat(client.read(id, cluster.committee()).blob()).hasSize(3000);
  }

  @Test
  void deletableConfirmationNamesALiveObject() {
    EncodedBlob blob = encode(500);
    BlobId id = blob.blobId();
    byte[] objectId = cluster.chain().register(id, 500, 2, true);
    client.store(blob, cluster.committee(), List.of(), false);
    await(() -> cluster.node(0).store().blobInfo(id).isPresent());

    Response ok = client.get(node(0) + Routes.deletableConfirmation(id, objectId));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    StorageConfirmation c = StorageConfirmation.parse(TestClient.signed(ok).message());
    assertThat(c.persistence()).isEqualTo(BlobPersistence.deletable(objectId));

    Response unknown = client.get(node(0) + Routes.deletableConfirmation(id, new byte[32]));
    assertThat(unknown.reason()).isEqualTo("OBJECT_NOT_REGISTERED");
    // a permanent confirmation would outlive the deletable registration (see ConfirmationPersistenceTest)
    Response permanent = client.confirmation(node(0), id);
    assertThat(permanent.reason()).as("permanent confirmation of a deletable-only blob: " + permanent.text())
        .isEqualTo("NOT_REGISTERED");

    cluster.chain().delete(id, objectId);
    await(() -> cluster.node(0).store().blobInfo(id).isEmpty());
    Response gone = client.get(node(0) + Routes.metadata(id));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.reason()).isEqualTo("METADATA_NOT_FOUND");
    assertThat(client.get(node(0) + Routes.sliver(id, ownedPair(0, id), SliverType.PRIMARY)).reason())
        .isEqualTo("SLIVER_NOT_FOUND");
  }

  @Test
  void pendingUploadsAreBufferedUntilTheRegistrationIsSeen() {
    EncodedBlob blob = encode(777);
    BlobId id = blob.blobId();
    Response rejected = client.putMetadata(node(0), blob, false);
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.reason()).isEqualTo("NOT_REGISTERED");
    assertThat(rejected.json().getJsonObject(JsonFields.ERROR).getString(JsonFields.STATUS))
        .isEqualTo("FAILED_PRECONDITION");

    client.store(blob, cluster.committee(), List.of(), true);
    assertThat(client.get(node(0) + Routes.metadataStatus(id)).json().getJsonObject(JsonFields.SUCCESS)
        .getString(JsonFields.DATA)).isEqualTo("buffered");
    assertThat(client.confirmation(node(0), id).reason()).isEqualTo("NOT_REGISTERED");

    cluster.chain().register(id, 777, 2, false);
    await(() -> cluster.node(0).store().hasMetadata(id) && cluster.node(1).store().hasMetadata(id));
    assertThat(client.get(node(0) + Routes.metadataStatus(id)).json().getJsonObject(JsonFields.SUCCESS)
        .getString(JsonFields.DATA)).isEqualTo("stored");
    assertThat(client.confirmation(node(0), id).status()).isEqualTo(200);
    assertThat(client.confirmation(node(1), id).status()).isEqualTo(200);
  }

  @Test
  void confirmationLongPollWaitsForTheRegistration() throws Exception {
    EncodedBlob blob = encode(100);
    BlobId id = blob.blobId();
    client.store(blob, cluster.committee(), List.of(), true);
    Thread registrar = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      cluster.chain().register(id, 100, 2, false);
    });
    registrar.start();
    Response r = client.get(node(1) + Routes.permanentConfirmation(id) + "?wait_for_registration=true&wait_millis=2500");
    registrar.join();
    assertThat(r.status()).as(r.text()).isEqualTo(200);

    EncodedBlob never = encode(101);
    Response timeout = client.get(node(1) + Routes.permanentConfirmation(never.blobId())
        + "?wait_for_registration=true&wait_millis=200");
    assertThat(timeout.status()).isEqualTo(504);
    assertThat(timeout.reason()).isEqualTo("REGISTRATION_WAIT_TIMEOUT");
  }

  @Test
  void rejectsMalformedAndMismatchedUploads() {
    EncodedBlob blob = encode(2048);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 2048, 2, false);

    Response garbage = client.put(node(0) + Routes.metadata(id), new byte[] {0, 1, 2});
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.reason()).isEqualTo("MALFORMED_BCS");

    EncodedBlob other = encode(2049);
    Response wrongMetadata = client.put(node(0) + Routes.metadata(id), other.metadata().metadata().toBcs());
    assertThat(wrongMetadata.reason()).isEqualTo("INVALID_METADATA");

    int pair = ownedPair(0, id);
    Response beforeMetadata = client.putSliver(node(0), id, pair, SliverType.PRIMARY, blob.pair(pair).primary().toBcs(), false);
    assertThat(beforeMetadata.reason()).isEqualTo("METADATA_NOT_STORED");

    assertThat(client.putMetadata(node(0), blob, false).status()).isEqualTo(201);
    SliverData good = blob.pair(pair).primary();
    byte[] data = good.data();
    data[data.length / 2] ^= 0x5A;
    byte[] tampered = SliverData.of(SliverType.PRIMARY, pair, good.symbolSize(), data).toBcs();
    Response badHash = client.putSliver(node(0), id, pair, SliverType.PRIMARY, tampered, false);
    assertThat(badHash.status()).isEqualTo(400);
    assertThat(badHash.reason()).isEqualTo("SLIVER_HASH_MISMATCH");

    byte[] shortData = java.util.Arrays.copyOf(good.data(), good.data().length - good.symbolSize());
    Response badSize = client.putSliver(node(0), id, pair, SliverType.PRIMARY,
        SliverData.of(SliverType.PRIMARY, pair, good.symbolSize(), shortData).toBcs(), false);
    assertThat(badSize.reason()).isEqualTo("INVALID_SLIVER_SIZE");

    Response wrongIndex = client.putSliver(node(0), id, pair, SliverType.SECONDARY, blob.pair(pair).primary().toBcs(), false);
    assertThat(wrongIndex.status()).isEqualTo(400);
    assertThat(wrongIndex.reason()).isEqualTo("SLIVER_INDEX_MISMATCH");

    byte[] truncated = java.util.Arrays.copyOf(good.toBcs(), 10);
    assertThat(client.putSliver(node(0), id, pair, SliverType.PRIMARY, truncated, false).reason())
        .isEqualTo("MALFORMED_BCS");
    assertThat(client.get(node(0) + Routes.sliverStatus(id, pair, SliverType.PRIMARY)).json()
        .getJsonObject(JsonFields.SUCCESS).getString(JsonFields.DATA)).isEqualTo("nonexistent");

    int foreign = ownedPair(1, id);
    Response wrongShard = client.putSliver(node(0), id, foreign, SliverType.PRIMARY, blob.pair(foreign).primary().toBcs(), false);
    assertThat(wrongShard.status()).isEqualTo(400);
    assertThat(wrongShard.reason()).isEqualTo("SHARD_NOT_ASSIGNED");
    assertThat(client.get(node(0) + Routes.sliver(id, foreign, SliverType.PRIMARY)).reason())
        .isEqualTo("SHARD_NOT_ASSIGNED");
  }

  @Test
  void rejectsBadParametersUnknownBlobsAndOversizedBodies() {
    EncodedBlob blob = encode(64);
    BlobId id = blob.blobId();
    Response unknown = client.get(node(0) + Routes.metadata(id));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.reason()).isEqualTo("METADATA_NOT_FOUND");
    Response status = client.get(node(0) + Routes.blobStatus(id));
    assertThat(status.json().getJsonObject(JsonFields.SUCCESS).getString(JsonFields.DATA)).isEqualTo("nonexistent");

    assertThat(client.get(node(0) + "/v1/blobs/not-a-blob-id/metadata").reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.get(node(0) + "/v1/blobs/" + id + "/slivers/0/tertiary").reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.get(node(0) + "/v1/blobs/" + id + "/slivers/70000/primary").reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.get(node(0) + "/v1/blobs/" + id + "/slivers/10/primary").reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.get(node(0) + "/v1/blobs/" + id + "/confirmation/deletable/xyz").reason())
        .isEqualTo("INVALID_PARAMETER");
    Response route = client.get(node(0) + "/v1/nothing-here");
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.reason()).isEqualTo("ROUTE_NOT_FOUND");
    Response method = client.post(node(0) + Routes.blobStatus(id), new byte[0]);
    assertThat(method.status()).as("POST on a GET-only route").isEqualTo(405);
    assertThat(method.reason()).isEqualTo("METHOD_NOT_ALLOWED");

    Response huge = client.put(node(0) + Routes.metadata(id), new byte[66 * N_SHARDS + 1000]);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.reason()).isEqualTo("PAYLOAD_TOO_LARGE");
    Response badFlag = client.put(node(0) + Routes.metadata(id) + "?pending=maybe", blob.metadata().metadata().toBcs());
    assertThat(badFlag.reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.putMetadata(node(0), blob, false).reason()).isEqualTo("NOT_REGISTERED");
  }

  @Test
  void requestsBeyondTheInFlightLimitAreRefusedWith503() throws Exception {
    // every slot held by an upload whose body stalls (waiting confirmation long-polls hold none:
    // ConfirmationLongPollTest)
    EncodedBlob blob = encode(55);
    java.net.URI uri = java.net.URI.create(node(1));
    List<java.net.Socket> stalled = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort());
        s.getOutputStream().write(("PUT " + Routes.metadata(blob.blobId()) + " HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 600\r\n\r\n0123456789").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      await(() -> cluster.node(1).restInFlight() == 3);
      Response refused = client.get(node(1) + Routes.HEALTH);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.reason()).isEqualTo("TOO_MANY_REQUESTS");
      assertThat(refused.header("retry-after")).isEqualTo("1");
    } finally {
      for (java.net.Socket s : stalled) {
        s.close();
      }
    }
    await(() -> cluster.node(1).restInFlight() == 0);
    assertThat(client.get(node(1) + Routes.HEALTH).status()).isEqualTo(200);
  }

  @Test
  void servesSymbolsOverHttpAndRejectsBadSymbolQueries() {
    EncodedBlob blob = encode(4000);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 4000, 3, false);
    client.store(blob, cluster.committee(), List.of(), false);
    int pair = ownedPair(0, id);
    int target = (pair + 1) % N_SHARDS;
    Response byTarget = client.get(node(0) + Routes.recoverySymbols(id) + "?targetSliver=" + target + "&targetType=primary");
    assertThat(byTarget.status()).as(byTarget.text()).isEqualTo(200);
    var symbols = dev.floe.core.encoding.GeneralRecoverySymbol.listFromBcs(byTarget.body());
    assertThat(symbols).hasSize(5);
    symbols.forEach(g -> g.verify(CONFIG, blob.metadata()));
    String ids = "?id=" + target + "-" + CONFIG.secondarySliverIndex(pair) + "&proofAxis=secondary";
    assertThat(client.get(node(0) + Routes.recoverySymbols(id) + ids).status()).isEqualTo(200);
    assertThat(client.get(node(0) + Routes.decodingSymbols(id) + "?targetSlivers=1,2&targetType=secondary").status())
        .isEqualTo(200);
    assertThat(client.get(node(0) + Routes.recoverySymbols(id) + "?targetSliver=1").reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.get(node(0) + Routes.recoverySymbols(id) + "?id=1-x").reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(client.get(node(0) + Routes.recoverySymbols(id) + "?id=1-99").reason()).isEqualTo("INVALID_PARAMETER");
    int foreign = ownedPair(1, id);
    assertThat(client.get(node(0) + Routes.recoverySymbols(id) + "?id=" + foreign + "-0&proofAxis=primary").reason())
        .isEqualTo("SLIVER_NOT_FOUND");
  }

  @Test
  void expiredBlobsAreRefusedAndCollected() {
    EncodedBlob blob = encode(900);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 900, 1, false);
    client.store(blob, cluster.committee(), List.of(), false);
    assertThat(cluster.node(0).store().hasMetadata(id)).isTrue();

    long epochBefore = cluster.chain().epoch();
    cluster.chain().advanceEpoch(null);
    await(() -> cluster.node(0).chainState().current().epoch() == epochBefore + 1
        && cluster.node(0).store().blobInfo(id).isEmpty());
    assertThat(cluster.node(0).store().hasMetadata(id)).isFalse();
    Response late = client.putMetadata(node(0), blob, false);
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.reason()).isEqualTo("BLOB_EXPIRED");
    await(() -> cluster.chain().syncDone().contains(epochBefore + 1));
  }

  @Test
  void servesHealthBlobStatusAndMetrics() {
    EncodedBlob blob = encode(300);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 300, 4, false);
    await(() -> cluster.node(1).store().blobInfo(id).isPresent());
    var status = client.get(node(1) + Routes.blobStatus(id)).json().getJsonObject(JsonFields.SUCCESS)
        .getJsonObject(JsonFields.DATA).getJsonObject(JsonFields.PERMANENT);
    assertThat(status.getBoolean(JsonFields.IS_CERTIFIED)).isFalse();
    assertThat(status.getLong(JsonFields.END_EPOCH)).isEqualTo(cluster.chain().epoch() + 4);

    var health = client.get(node(1) + Routes.HEALTH + "?detailed=true").json().getJsonObject(JsonFields.SUCCESS)
        .getJsonObject(JsonFields.DATA);
    assertThat(health.getString(JsonFields.NODE_NAME)).isEqualTo("node-1");
    assertThat(health.getString(JsonFields.NODE_STATUS)).isEqualTo("Active");
    assertThat(health.getJsonObject(JsonFields.SHARD_SUMMARY).getInteger(JsonFields.OWNED)).isEqualTo(5);
    ProtocolKeyPair key = cluster.key(1);
    assertThat(health.getString(JsonFields.PUBLIC_KEY)).isEqualTo(java.util.HexFormat.of().formatHex(key.publicKey()));

    client.putMetadata(node(0), encode(10), false);
    Response metrics = client.get("http://127.0.0.1:" + cluster.node(0).metricsPort() + "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("requests_rejected_total{node=\"node-0\",reason=\"NOT_REGISTERED\"}");
    assertThat(metrics.text()).contains("events_processed_total");
    assertThat(ObjectIds.toHex(new byte[32])).hasSize(64);
  }
}
