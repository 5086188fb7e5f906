package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.BlobObject;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.RecordingChain;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that was down while the chain moved on catches up from its persisted cursor when it is
 * restarted on the same RocksDB folder (real anvil, real contracts, real HTTP between nodes): a blob
 * certified while it was down is recovered from its peers' recovery symbols, and a blob it held that
 * was deleted while it was down stops being served and its space is reclaimed. The node's chain view
 * is wrapped in a {@link RecordingChain}, which shows that the first poll after the restart starts
 * at the persisted cursor and that no event at or before it is handed to the node again.
 */
class NodeRestartCatchUpIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;

  @Test
  void restartedNodeResumesFromItsCursorRecoversCertifiedBlobsAndDropsDeletedOnes() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS); TestClient client = new TestClient()) {
      cluster.startFirstEpoch();
      for (int i = 0; i < 4; i++) {
        cluster.start(i);
      }
      NodeCommittee committee = cluster.committee();
      // the node with the fewest shards goes down: the other three still hold a quorum
      CommitteeMember downMember = committee.members().stream()
          .min(Comparator.comparingInt(CommitteeMember::weight)).orElseThrow();
      int down = cluster.indexOf(downMember);
      Random random = new Random(17);

      // a deletable blob every node holds, certified
      EncodedBlob doomed = encode(random, 1_500_000);
      BlobId doomedId = doomed.blobId();
      BlobObject doomedObject = cluster.register(doomed, 5, true);
      client.store(doomed, committee, List.of(), false);
      cluster.certify(doomedObject, deletableConfirmations(client, committee, doomedId, doomedObject));
      StorageNode before = cluster.node(down);
      Await.until("the node sees the certification", Duration.ofSeconds(30),
          () -> before.store().blobInfo(doomedId).map(i -> i.isCertifiedAt(1)).orElse(false));
      assertThat(storesAllOwned(before, downMember, doomedId)).isTrue();
      before.store().compact();
      long bytesHoldingDoomed = before.store().approximateSliverBytes();

      cluster.stop(down);
      Optional<EventCursor> persisted;
      long processedBefore;
      try (RocksSliverStore store = RocksSliverStore.open("probe", cluster.config(down).storagePath(), 0, 0)) {
        persisted = store.eventCursor();
        processedBefore = store.eventsProcessed();
      }
      assertThat(persisted).as("cursor persisted before the stop").isPresent();

      // while the node is down: a blob is registered, stored on the others and certified; the
      // deletable blob is deleted
      byte[] data = new byte[80_000];
      random.nextBytes(data);
      EncodedBlob missed = new RedStuffEncoder(CONFIG).encode(data);
      BlobId missedId = missed.blobId();
      BlobObject missedObject = cluster.register(missed, 5, false);
      client.store(missed, committee, List.of(cluster.url(down)), false);
      cluster.certify(missedObject, client.confirmations(missedId, committee));
      Await.result(cluster.owner().deleteBlob(doomedObject.objectId()));

      AtomicReference<RecordingChain> recorder = new AtomicReference<>();
      StorageNode restarted = cluster.start(down, chain -> {
        recorder.set(new RecordingChain(chain));
        return recorder.get();
      });
      RecordingChain seen = recorder.get();

      // it resumed from the persisted cursor and was never handed an event at or before it
      assertThat(seen.polls().get(0).after()).isEqualTo(persisted);
      assertThat(seen.events()).allSatisfy(e -> assertThat(e.cursor()).isGreaterThan(persisted.get()));
      List<String> blobEvents = seen.events().stream().map(NodeRestartCatchUpIT::describe)
          .flatMap(Optional::stream).toList();
      assertThat(blobEvents).containsExactly("registered " + missedId, "certified " + missedId,
          "deleted " + doomedId);
      // each event it was handed is applied exactly once (the persisted count moves by exactly that)
      Await.until("events applied", Duration.ofSeconds(30), () -> restarted.store().eventsProcessed()
          - processedBefore == seen.events().stream().filter(e -> !isScanMarker(e)).count());

      // the blob certified while it was down is recovered from its peers' symbols
      Await.until("the restarted node recovers its slivers", Duration.ofSeconds(60),
          () -> storesAllOwned(restarted, downMember, missedId));
      for (int shard : downMember.shards()) {
        int pair = CONFIG.pairForShard(shard, missedId.rotationOffset(N_SHARDS));
        for (SliverType type : SliverType.values()) {
          assertThat(restarted.store().sliver(missedId, pair, type)).get()
              .isEqualTo(missed.pair(pair).sliver(type).toBcs());
        }
      }
      assertThat(restarted.metrics().sliversRecovered()).isEqualTo(2.0 * downMember.shards().size());
      assertThat(restarted.metrics().recoveryBytesDownloaded()).isPositive().isLessThan(data.length);
      assertThat(client.confirmation(cluster.url(down), missedId).status()).isEqualTo(200);

      // the blob deleted while it was down is no longer served and its space is reclaimed
      assertThat(restarted.store().blobInfo(doomedId)).isEmpty();
      assertThat(restarted.store().hasMetadata(doomedId)).isFalse();
      for (int pair = 0; pair < N_SHARDS; pair++) {
        for (SliverType type : SliverType.values()) {
          assertThat(restarted.store().hasSliver(doomedId, pair, type)).isFalse();
        }
      }
      int doomedPair = CONFIG.pairForShard(downMember.shards().get(0), doomedId.rotationOffset(N_SHARDS));
      assertThat(client.get(cluster.url(down) + Routes.metadata(doomedId)).reason()).isEqualTo("METADATA_NOT_FOUND");
      assertThat(client.get(cluster.url(down) + Routes.sliver(doomedId, doomedPair, SliverType.PRIMARY)).reason())
          .isEqualTo("SLIVER_NOT_FOUND");
      assertThat(client.get(cluster.url(down) + Routes.blobStatus(doomedId)).json().getJsonObject(JsonFields.SUCCESS)
          .getString(JsonFields.DATA)).isEqualTo("nonexistent");
      restarted.store().compact();
      long bytesAfter = restarted.store().approximateSliverBytes();
      assertThat(bytesAfter).as("sliver bytes after compaction (before: %d)", bytesHoldingDoomed)
          .isLessThan(bytesHoldingDoomed / 4);
    }
  }

  /** Deletable confirmations (naming the blob object) by member index. */
  private static Map<Integer, SignedMessage> deletableConfirmations(TestClient client, NodeCommittee committee,
      BlobId id, BlobObject object) {
    Map<Integer, SignedMessage> out = new TreeMap<>();
    for (CommitteeMember m : committee.members()) {
      TestClient.Response r = client.get(m.networkAddress() + Routes.deletableConfirmation(id, object.objectId().toBytes()));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      out.put(m.index(), TestClient.signed(r));
    }
    return out;
  }

  private static EncodedBlob encode(Random random, int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }

  private static boolean isScanMarker(NodeEvent e) {
    return e instanceof NodeEvent.Other o && NodeEvent.Other.SCANNED.equals(o.name());
  }

  private static Optional<String> describe(NodeEvent e) {
    return switch (e) {
      case NodeEvent.BlobRegistered r -> Optional.of("registered " + r.blobId());
      case NodeEvent.BlobCertified c -> Optional.of("certified " + c.blobId());
      case NodeEvent.BlobDeleted d -> Optional.of("deleted " + d.blobId());
      case NodeEvent.BlobInvalidated i -> Optional.of("invalidated " + i.blobId());
      default -> Optional.empty();
    };
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
