package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.node.chain.ChainException;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.RecordingChain;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose event reader reports a reorganization deeper than its confirmation depth halts event
 * processing without skipping anything: it keeps retrying from the same cursor, applies nothing
 * meanwhile (a blob certified during the halt is unknown to it), and once the reader works again it
 * resumes from that cursor and handles what it missed (it recovers the blob's slivers from peers).
 * Real anvil, real contracts, real RocksDB and HTTP; only the reorganization report is injected into
 * the node's chain view, since anvil reorganizes only on request.
 */
class EventReorgHaltIT {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;

  @Test
  void aDeepReorganizationHaltsEventProcessingAtItsCursorUntilTheReaderRecovers() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS); TestClient client = new TestClient()) {
      cluster.startFirstEpoch();
      NodeCommittee committee = cluster.committee();
      CommitteeMember haltedMember = committee.members().stream()
          .min(Comparator.comparingInt(CommitteeMember::weight)).orElseThrow();
      int halted = cluster.indexOf(haltedMember);
      AtomicReference<RecordingChain> recorder = new AtomicReference<>();
      for (int i = 0; i < 4; i++) {
        if (i == halted) {
          cluster.start(i, chain -> {
            recorder.set(new RecordingChain(chain));
            return recorder.get();
          });
        } else {
          cluster.start(i);
        }
      }
      StorageNode node = cluster.node(halted);
      RecordingChain chain = recorder.get();

      chain.failPolls(() -> new ChainException("could not poll events",
          new ChainReorganizedException(42, "0x" + "aa".repeat(32), "0x" + "bb".repeat(32), 0)));
      Await.until("a poll is refused", Duration.ofSeconds(30), () -> !chain.refusedPolls().isEmpty());
      Optional<EventCursor> asked = chain.refusedPolls().get(0);
      Optional<EventCursor> cursor = node.store().eventCursor();
      long processed = node.store().eventsProcessed();

      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(random(200_000));
      BlobId id = blob.blobId();
      BlobObject object = cluster.register(blob, 5, false);
      client.store(blob, committee, List.of(cluster.url(halted)), false);
      cluster.certify(object, client.confirmations(id, committee));

      // halted: it keeps retrying, always from the same cursor, and applies nothing
      int refusedSoFar = chain.refusedPolls().size();
      Await.until("the node keeps retrying", Duration.ofSeconds(30),
          () -> chain.refusedPolls().size() >= refusedSoFar + 2);
      assertThat(chain.refusedPolls()).allSatisfy(after -> assertThat(after).isEqualTo(asked));
      assertThat(node.store().eventCursor()).isEqualTo(cursor);
      assertThat(node.store().eventsProcessed()).isEqualTo(processed);
      assertThat(node.store().blobInfo(id)).as("a blob certified during the halt is unknown").isEmpty();

      // the reader works again: it resumes from that cursor and handles the missed certification
      int pollsBefore = chain.polls().size();
      chain.failPolls(null);
      Await.until("the node resumes and recovers its slivers", Duration.ofSeconds(60),
          () -> node.metrics().sliversRecovered() >= 2.0 * haltedMember.shards().size());
      assertThat(chain.polls().get(pollsBefore).after()).as("first poll after the halt").isEqualTo(asked);
      assertThat(node.store().blobInfo(id)).isPresent();
      assertThat(node.store().eventsProcessed()).isGreaterThan(processed);
    }
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(23).nextBytes(data);
    return data;
  }
}
