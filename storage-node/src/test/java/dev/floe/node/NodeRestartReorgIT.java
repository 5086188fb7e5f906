package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.RecordingChain;
import dev.floe.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reorganization that replaces the block of a node's persisted cursor while the node is down is
 * caught when the node comes back: the cursor is stored with its block's hash, the first read checks
 * it, and the node halts at that cursor (applying nothing) instead of reading on from a chain that
 * no longer contains what it already applied. Real anvil ({@code anvil_reorg}), contracts, RocksDB.
 */
class NodeRestartReorgIT {
  private static final int N_SHARDS = 10;

  @TempDir Path dir;

  @Test
  void aReorganizationWhileTheNodeWasDownIsDetectedFromThePersistedBlockHash() {
    try (AnvilCluster cluster = new AnvilCluster(dir, 4, N_SHARDS)) {
      cluster.startFirstEpoch();
      int restarted = 0;
      cluster.start(restarted);
      StorageNode node = cluster.node(restarted);

      EventCursor persisted = node.store().eventCursor().orElseThrow();
      assertThat(persisted.knownBlockHash()).as("the cursor is stored with its block's hash")
          .contains(cluster.anvil().blockHash(persisted.blockNumber()));
      long processed = node.store().eventsProcessed();
      cluster.stop(restarted);

      long head = cluster.anvil().blockNumber();
      cluster.anvil().reorg((int) (head - persisted.blockNumber()) + 1);
      String replacement = cluster.anvil().blockHash(persisted.blockNumber());
      assertThat(replacement).isNotEqualToIgnoringCase(persisted.blockHash());

      AtomicReference<RecordingChain> recorder = new AtomicReference<>();
      StorageNode back = cluster.startWithoutWaiting(restarted, chain -> {
        recorder.set(new RecordingChain(chain));
        return recorder.get();
      });
      RecordingChain chain = recorder.get();
      Await.until("the resumed node's reads fail with the reorganization", Duration.ofSeconds(30),
          () -> chain.failedPolls().size() >= 2);
      for (RecordingChain.FailedPoll failed : chain.failedPolls()) {
        assertThat(failed.after()).as("always from the persisted cursor").isEqualTo(Optional.of(persisted));
        ChainReorganizedException reorg = ChainReorganizedException.causeOf(failed.failure())
            .orElseThrow(() -> new AssertionError("not a reorganization: " + failed.failure(), failed.failure()));
        assertThat(reorg.blockNumber()).isEqualTo(persisted.blockNumber());
        assertThat(reorg.expectedHash()).isEqualToIgnoringCase(persisted.blockHash());
        assertThat(reorg.actualHash()).isEqualToIgnoringCase(replacement);
      }
      assertThat(chain.polls()).as("no read succeeded past the replaced cursor").isEmpty();
      assertThat(back.store().eventCursor()).contains(persisted);
      assertThat(back.store().eventsProcessed()).isEqualTo(processed);
    }
  }
}
