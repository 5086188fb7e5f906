package dev.floe.node.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.MetadataCache;
import dev.floe.node.service.PendingUploads;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At an epoch start every expired blob is removed, in commits of {@link EventApplier#EXPIRY_BATCH}
 * blobs rather than one synced write per blob; blobs still registered stay. Real RocksDB.
 */
class ExpiryBatchTest {
  @TempDir Path dir;

  @Test
  void removesEveryExpiredBlobInFewCommitsAndKeepsTheLiveOnes() {
    try (RocksSliverStore rocks = RocksSliverStore.open("expiry", dir.resolve("db"), 0, 0)) {
      AtomicInteger commits = new AtomicInteger();
      SliverStore counting = new CountingStore(rocks, commits);
      EventApplier applier = new EventApplier("expiry", counting, new PendingUploads(1 << 20, Duration.ofMinutes(1)),
          new BlobLocks(16), new MetadataCache(counting, 16), RecoveryTrigger.NONE, new NodeMetrics("expiry"));
      int expiring = EventApplier.EXPIRY_BATCH + 44;
      List<BlobId> expired = new ArrayList<>();
      List<BlobId> live = new ArrayList<>();
      long position = 1;
      for (int i = 0; i < expiring + 5; i++) {
        byte[] raw = new byte[BlobId.LENGTH];
        raw[0] = (byte) (i >> 8);
        raw[1] = (byte) i;
        raw[31] = 7;
        BlobId id = BlobId.of(raw);
        boolean expires = i < expiring;
        applier.registered(new NodeEvent.BlobRegistered(new EventCursor(position++, 0), 1, id, 1000, 1,
            expires ? 3 : 10, false, new byte[32]));
        rocks.putSliver(id, 0, SliverType.PRIMARY, new byte[] {1, 2, 3});
        (expires ? expired : live).add(id);
      }
      commits.set(0);

      assertThat(applier.collectExpired(3)).isEqualTo(expiring);
      assertThat(commits.get()).as("two batches, not one commit per blob").isEqualTo(2);
      for (BlobId id : expired) {
        assertThat(rocks.blobInfo(id)).isEmpty();
        assertThat(rocks.hasSliver(id, 0, SliverType.PRIMARY)).isFalse();
      }
      for (BlobId id : live) {
        assertThat(rocks.blobInfo(id)).isPresent();
        assertThat(rocks.hasSliver(id, 0, SliverType.PRIMARY)).isTrue();
      }
      assertThat(applier.collectExpired(3)).as("idempotent").isZero();
    }
  }

  /** The real store, counting commits. */
  private static final class CountingStore extends dev.floe.node.testing.DelegatingStore {
    private final AtomicInteger commits;

    CountingStore(SliverStore delegate, AtomicInteger commits) {
      super(delegate);
      this.commits = commits;
    }

    @Override
    public void commit(StoreBatch b) {
      commits.incrementAndGet();
      super.commit(b);
    }
  }
}
