package dev.floe.node.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.MetadataCache;
import dev.floe.node.service.PendingUploads;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.store.StoreException;
import dev.floe.node.store.SyncProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads buffered before their registration was seen ({@code pending=true}, answered 202) move into
 * the store when the registration event is applied. If that commit fails (a full disk for a moment:
 * the event processor retries the event), the buffered uploads must still be there for the retry,
 * not dropped with the failed attempt. Real RocksDB; the first commit fails as a full disk would.
 */
class RegistrationRetryTest {
  private static final int N_SHARDS = 10;

  @TempDir Path dir;

  @Test
  void bufferedUploadsSurviveAFailedCommitOfTheirRegistration() {
    byte[] data = new byte[3000];
    new Random(17).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(new EncodingConfig(N_SHARDS)).encode(data);
    BlobId id = blob.blobId();
    PendingUploads pending = new PendingUploads(1L << 20, Duration.ofMinutes(1));
    assertThat(pending.putMetadata(id, blob.metadata().toBcs())).isTrue();
    byte[] sliver = blob.pair(2).primary().toBcs();
    assertThat(pending.putSliver(id, 2, SliverType.PRIMARY, sliver)).isTrue();

    try (RocksSliverStore rocks = RocksSliverStore.open("retry", dir.resolve("db"), 0, 0)) {
      FailOnce store = new FailOnce(rocks);
      EventApplier applier = new EventApplier("retry", store, pending, new BlobLocks(16), new MetadataCache(store, 16),
          RecoveryTrigger.NONE, new NodeMetrics("retry"));
      NodeEvent.BlobRegistered event = new NodeEvent.BlobRegistered(new EventCursor(5, 0), 1, id, data.length, 1, 3,
          false, new byte[32]);

      assertThatThrownBy(() -> applier.registered(event)).isInstanceOf(StoreException.class);
      assertThat(rocks.blobInfo(id)).isEmpty();
      applier.registered(event); // the event processor applies the event again

      assertThat(rocks.blobInfo(id)).isPresent();
      assertThat(rocks.metadata(id)).as("the buffered metadata is stored").isPresent();
      assertThat(rocks.sliver(id, 2, SliverType.PRIMARY)).as("the buffered sliver is stored").get().isEqualTo(sliver);
      assertThat(pending.blobs()).isZero();
    }
  }

  /** The real store, except that its first commit fails as a full disk would. */
  private static final class FailOnce extends dev.floe.node.testing.DelegatingStore {
    private final AtomicBoolean failed = new AtomicBoolean();

    FailOnce(SliverStore delegate) {
      super(delegate);
    }

    @Override
    public void commit(StoreBatch b) {
      if (failed.compareAndSet(false, true)) {
        throw new StoreException("cannot commit a batch: No space left on device");
      }
      delegate.commit(b);
    }
  }
}
