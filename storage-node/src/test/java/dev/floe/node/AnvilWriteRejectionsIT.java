package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.BlobObject;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.http.BodyLimits;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import dev.floe.testkit.Await;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write-path rejection of a storage node, driven over real HTTP on loopback against nodes that
 * follow a real anvil chain (real contracts, real EVM control plane, real RocksDB): unregistered,
 * unknown and deleted blobs, malformed BCS, metadata not matching the blob ID, slivers before
 * metadata, wrong shard, bad hash, sizes not matching the metadata, oversized bodies and expired
 * blobs. Each case checks the HTTP status, the stable error code of the JSON envelope, and that
 * nothing was stored (status routes, the store itself, and the node's write counters). One cluster
 * serves every case; the expiry case moves the chain to the next epoch, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnvilWriteRejectionsIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  /** Small enough that an oversized sliver body is cheap to send. */
  private static final long MAX_BLOB_SIZE = 1L << 20;

  @TempDir static Path dir;
  static AnvilCluster cluster;
  static TestClient client;
  static final Random RANDOM = new Random(11);

  @BeforeAll
  static void startCluster() {
    cluster = new AnvilCluster(dir, 4, N_SHARDS,
        new StorageNodeConfig.Limits(MAX_BLOB_SIZE, null, null, null, null, 4, null, null, null));
    cluster.startFirstEpoch();
    for (int i = 0; i < 4; i++) {
      cluster.start(i);
    }
    client = new TestClient();
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void unregisteredUnknownAndDeletedBlobsAreRefused() {
    Target t = target();
    EncodedBlob blob = encode(20_000);
    BlobId id = blob.blobId();
    int pair = t.ownedPair(id);
    double writes = writes(t.node());

    Response metadata = client.putMetadata(t.url(), blob, false);
    expectError(metadata, 400, "NOT_REGISTERED");
    assertThat(metadata.json().getJsonObject(JsonFields.ERROR).getString(JsonFields.STATUS))
        .isEqualTo("FAILED_PRECONDITION");
    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY, blob.pair(pair).primary().toBcs(), false),
        400, "NOT_REGISTERED");
    expectError(client.get(t.url() + Routes.metadata(id)), 404, "METADATA_NOT_FOUND");
    expectError(client.get(t.url() + Routes.sliver(id, pair, SliverType.PRIMARY)), 404, "SLIVER_NOT_FOUND");
    expectError(client.confirmation(t.url(), id), 400, "NOT_REGISTERED");
    assertThat(client.get(t.url() + Routes.blobStatus(id)).json().getJsonObject(JsonFields.SUCCESS)
        .getString(JsonFields.DATA)).isEqualTo("nonexistent");
    assertNothingStored(t, id, pair, writes);

    // a deletable blob that was registered, seen by the node, then deleted on-chain
    EncodedBlob deleted = encode(9_000);
    BlobObject registered = cluster.register(deleted, 3, true);
    Await.until("node sees the registration", Duration.ofSeconds(30),
        () -> t.node().store().blobInfo(deleted.blobId()).isPresent());
    Await.result(cluster.owner().deleteBlob(registered.objectId()));
    Await.until("node sees the deletion", Duration.ofSeconds(30),
        () -> t.node().store().blobInfo(deleted.blobId()).isEmpty());
    int deletedPair = t.ownedPair(deleted.blobId());
    expectError(client.putMetadata(t.url(), deleted, false), 400, "NOT_REGISTERED");
    expectError(client.putSliver(t.url(), deleted.blobId(), deletedPair, SliverType.SECONDARY,
        deleted.pair(deletedPair).secondary().toBcs(), false), 400, "NOT_REGISTERED");
    assertNothingStored(t, deleted.blobId(), deletedPair, writes);
  }

  @Test
  @Order(2)
  void malformedMismatchedAndOversizedMetadataIsRefused() {
    Target t = target();
    EncodedBlob blob = encode(30_000);
    BlobId id = blob.blobId();
    cluster.register(blob, 3, false);
    int pair = t.ownedPair(id);
    double writes = writes(t.node());

    expectError(client.put(t.url() + Routes.metadata(id), new byte[] {0, 1, 2}), 400, "MALFORMED_BCS");
    byte[] good = blob.metadata().metadata().toBcs();
    expectError(client.put(t.url() + Routes.metadata(id), Arrays.copyOf(good, good.length - 7)), 400, "MALFORMED_BCS");
    EncodedBlob other = encode(30_001);
    expectError(client.put(t.url() + Routes.metadata(id), other.metadata().metadata().toBcs()), 400,
        "INVALID_METADATA");
    expectError(client.put(t.url() + Routes.metadata(id), new byte[66 * N_SHARDS + 1_000]), 413, "PAYLOAD_TOO_LARGE");
    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY, blob.pair(pair).primary().toBcs(), false),
        400, "METADATA_NOT_STORED");
    assertNothingStored(t, id, pair, writes);

    // the same node takes the genuine metadata: the refusals were about the bodies, not the blob
    assertThat(client.putMetadata(t.url(), blob, false).status()).isEqualTo(201);
    assertThat(t.node().store().hasMetadata(id)).isTrue();
  }

  @Test
  @Order(3)
  void malformedMismatchedMisroutedAndOversizedSliversAreRefused() {
    Target t = target();
    EncodedBlob blob = encode(60_000);
    BlobId id = blob.blobId();
    cluster.register(blob, 3, false);
    assertThat(client.putMetadata(t.url(), blob, false).status()).isEqualTo(201);
    int pair = t.ownedPair(id);
    SliverData good = blob.pair(pair).primary();
    double writes = writes(t.node());

    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY, Arrays.copyOf(good.toBcs(), 10), false),
        400, "MALFORMED_BCS");
    byte[] flipped = good.data();
    flipped[flipped.length / 3] ^= 0x21;
    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY,
        SliverData.of(SliverType.PRIMARY, pair, good.symbolSize(), flipped).toBcs(), false), 400, "SLIVER_HASH_MISMATCH");
    byte[] oneSymbolShort = Arrays.copyOf(good.data(), good.data().length - good.symbolSize());
    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY,
        SliverData.of(SliverType.PRIMARY, pair, good.symbolSize(), oneSymbolShort).toBcs(), false),
        400, "INVALID_SLIVER_SIZE");
    int widerSymbol = good.symbolSize() + 2;
    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY,
        SliverData.of(SliverType.PRIMARY, pair, widerSymbol, new byte[good.symbolCount() * widerSymbol]).toBcs(), false),
        400, "INVALID_SLIVER_SIZE");
    long sliverLimit = BodyLimits.of(CONFIG, MAX_BLOB_SIZE).sliverBytes();
    expectError(client.putSliver(t.url(), id, pair, SliverType.PRIMARY, new byte[(int) sliverLimit + 1], false),
        413, "PAYLOAD_TOO_LARGE");

    int foreign = foreignPair(t, id);
    Response wrongShard = client.putSliver(t.url(), id, foreign, SliverType.PRIMARY,
        blob.pair(foreign).primary().toBcs(), false);
    expectError(wrongShard, 400, "SHARD_NOT_ASSIGNED");
    expectError(client.get(t.url() + Routes.sliver(id, foreign, SliverType.PRIMARY)), 400, "SHARD_NOT_ASSIGNED");
    assertThat(t.node().store().hasSliver(id, foreign, SliverType.PRIMARY)).isFalse();
    assertThat(sliverStatus(t, id, foreign, SliverType.PRIMARY)).isEqualTo("nonexistent");
    assertNothingStored(t, id, pair, writes);
    assertThat(t.node().store().hasMetadata(id)).as("metadata stays").isTrue();

    // the genuine sliver is still taken afterwards
    assertThat(client.putSliver(t.url(), id, pair, SliverType.PRIMARY, good.toBcs(), false).status()).isEqualTo(201);
    assertThat(t.node().store().sliver(id, pair, SliverType.PRIMARY)).get().isEqualTo(good.toBcs());
  }

  @Test
  @Order(4)
  void expiredBlobsAreRefusedAfterTheEpochChange() {
    EncodedBlob blob = encode(15_000);
    BlobId id = blob.blobId();
    cluster.register(blob, 1, false);
    long epoch = cluster.state().epoch();
    cluster.changeEpoch();
    for (int i = 0; i < 4; i++) {
      StorageNode node = cluster.node(i);
      Await.until("node " + i + " sees epoch " + (epoch + 1), Duration.ofSeconds(60),
          () -> node.chainState().current().epoch() == epoch + 1);
    }
    Target t = target();
    int pair = t.ownedPair(id);
    double writes = writes(t.node());
    expectError(client.putMetadata(t.url(), blob, false), 400, "BLOB_EXPIRED");
    expectError(client.putMetadata(t.url(), blob, true), 400, "BLOB_EXPIRED");
    expectError(client.putSliver(t.url(), id, pair, SliverType.SECONDARY, blob.pair(pair).secondary().toBcs(), false),
        400, "BLOB_EXPIRED");
    assertNothingStored(t, id, pair, writes);
  }

  /** The node answering for committee member 0 of the current committee. */
  private record Target(StorageNode node, String url, CommitteeMember member) {
    int ownedPair(BlobId id) {
      return CONFIG.pairForShard(member.shards().get(0), id.rotationOffset(N_SHARDS));
    }
  }

  private static Target target() {
    NodeCommittee committee = cluster.committee();
    CommitteeMember m = committee.members().get(0);
    int i = cluster.indexOf(m);
    return new Target(cluster.node(i), cluster.url(i), m);
  }

  private static int foreignPair(Target t, BlobId id) {
    for (int pair = 0; pair < N_SHARDS; pair++) {
      int shard = CONFIG.shardForPair(pair, id.rotationOffset(N_SHARDS));
      if (!t.member().shards().contains(shard)) {
        return pair;
      }
    }
    throw new IllegalStateException("the target owns every shard");
  }

  private static EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    RANDOM.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }

  private static void expectError(Response r, int status, String reason) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.reason()).as(r.text()).isEqualTo(reason);
  }

  private static String sliverStatus(Target t, BlobId id, int pair, SliverType type) {
    return client.get(t.url() + Routes.sliverStatus(id, pair, type)).json().getJsonObject(JsonFields.SUCCESS)
        .getString(JsonFields.DATA);
  }

  /** Metadata and slivers the node stored so far (its own counters). */
  private static double writes(StorageNode node) {
    var registry = node.metrics().registry();
    return registry.get("metadata_stored").counter().count()
        + registry.get("slivers_stored").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Nothing of the blob's pair reached the node: status routes, the store, and its write counters. */
  private static void assertNothingStored(Target t, BlobId id, int pair, double writesBefore) {
    for (SliverType type : SliverType.values()) {
      assertThat(sliverStatus(t, id, pair, type)).as(type + " sliver status").isEqualTo("nonexistent");
      assertThat(t.node().store().hasSliver(id, pair, type)).isFalse();
    }
    if (!t.node().store().hasMetadata(id)) {
      assertThat(client.get(t.url() + Routes.metadataStatus(id)).json().getJsonObject(JsonFields.SUCCESS)
          .getString(JsonFields.DATA)).isEqualTo("nonexistent");
    }
    assertThat(writes(t.node())).as("metadata and slivers stored by the node").isEqualTo(writesBefore);
  }
}
