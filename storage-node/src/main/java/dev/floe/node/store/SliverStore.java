package dev.floe.node.store;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * The node's persistent state. Values are stored as the BCS bytes that were verified on the way
 * in; callers decode them. Every write returns only after it is durable (synced WAL), so an
 * acknowledged write survives a crash and an unacknowledged one is either fully present or absent.
 * Blocking: never call from an event loop.
 */
public interface SliverStore extends AutoCloseable {
  /** The blob's verified metadata (BCS {@code BlobMetadata}). */
  Optional<byte[]> metadata(BlobId blobId);

  /** True iff metadata is stored. */
  boolean hasMetadata(BlobId blobId);

  /** Stores the blob's verified metadata durably. Idempotent. */
  void putMetadata(BlobId blobId, byte[] bcs);

  /** A stored sliver (BCS {@code SliverData}) of sliver pair {@code pairIndex}. */
  Optional<byte[]> sliver(BlobId blobId, int pairIndex, SliverType type);

  /** True iff the sliver is stored. */
  boolean hasSliver(BlobId blobId, int pairIndex, SliverType type);

  /** Stores a verified sliver durably. Idempotent. */
  void putSliver(BlobId blobId, int pairIndex, SliverType type, byte[] bcs);

  /** What the node knows of the blob from events. */
  Optional<BlobInfo> blobInfo(BlobId blobId);

  /** Calls {@code action} for every blob with info, in blob ID order. */
  void forEachBlobInfo(BiConsumer<BlobId, BlobInfo> action);

  /**
   * Calls {@code action} for every blob with info whose ID is at least {@code from}, in blob ID
   * order, until it returns false.
   */
  void forEachBlobInfoFrom(BlobId from, BiPredicate<BlobId, BlobInfo> action);

  /** The persisted shard states. */
  Map<Integer, ShardState> shardStates();

  /** Where the pull of each shard in {@link ShardState#ACTIVE_SYNC} resumes. */
  Map<Integer, SyncProgress> shardSyncProgress();

  /** The cursor of the last event whose effects are stored. */
  Optional<EventCursor> eventCursor();

  /** Number of events processed since the store was created. */
  long eventsProcessed();

  /** Applies {@code batch} atomically and durably. */
  void commit(StoreBatch batch);

  /** Approximate bytes of live sliver data on disk. */
  long approximateSliverBytes();

  @Override
  void close();
}
