package dev.floe.node.store;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of changes applied atomically by {@link SliverStore#commit}: blob info updates, removal of a
 * blob's data, slivers, shard states (with shard sync progress) and the event cursor. Used so that an event's effects and its cursor
 * are persisted together or not at all.
 */
public final class StoreBatch {
  /** One change. */
  sealed interface Op {}

  record PutBlobInfo(BlobId blobId, BlobInfo info) implements Op {}

  record DeleteBlobInfo(BlobId blobId) implements Op {}

  record DeleteBlobData(BlobId blobId) implements Op {}

  record PutMetadata(BlobId blobId, byte[] bcs) implements Op {}

  record PutSliver(BlobId blobId, int pairIndex, SliverType type, byte[] bcs) implements Op {}

  record PutShardState(int shard, ShardState state) implements Op {}

  record DeleteShardState(int shard) implements Op {}

  record PutShardSync(int shard, SyncProgress progress) implements Op {}

  record DeleteSliver(BlobId blobId, int pairIndex, SliverType type) implements Op {}

  private final List<Op> ops = new ArrayList<>();
  private Optional<EventCursor> cursor = Optional.empty();
  private long eventsProcessed;

  /** Sets the blob's info. */
  public StoreBatch putBlobInfo(BlobId blobId, BlobInfo info) {
    ops.add(new PutBlobInfo(blobId, info));
    return this;
  }

  /** Forgets the blob's info entirely. */
  public StoreBatch deleteBlobInfo(BlobId blobId) {
    ops.add(new DeleteBlobInfo(blobId));
    return this;
  }

  /** Removes the blob's metadata and all its slivers (space is reclaimed by compaction). */
  public StoreBatch deleteBlobData(BlobId blobId) {
    ops.add(new DeleteBlobData(blobId));
    return this;
  }

  /** Stores verified metadata (e.g. a pending upload flushed on registration). */
  public StoreBatch putMetadata(BlobId blobId, byte[] bcs) {
    ops.add(new PutMetadata(blobId, bcs));
    return this;
  }

  /** Stores a verified sliver (e.g. a pending upload flushed on registration). */
  public StoreBatch putSliver(BlobId blobId, int pairIndex, SliverType type, byte[] bcs) {
    ops.add(new PutSliver(blobId, pairIndex, type, bcs));
    return this;
  }

  /** Sets a shard's state. */
  public StoreBatch putShardState(int shard, ShardState state) {
    ops.add(new PutShardState(shard, state));
    return this;
  }

  /** Puts a shard in {@link ShardState#ACTIVE_SYNC}, resuming at {@code progress}. */
  public StoreBatch putShardSync(int shard, SyncProgress progress) {
    ops.add(new PutShardSync(shard, progress));
    return this;
  }

  /** Removes one sliver (a shard that moved away). */
  public StoreBatch deleteSliver(BlobId blobId, int pairIndex, SliverType type) {
    ops.add(new DeleteSliver(blobId, pairIndex, type));
    return this;
  }

  /** Forgets a shard. */
  public StoreBatch deleteShardState(int shard) {
    ops.add(new DeleteShardState(shard));
    return this;
  }

  /** Advances the event cursor to {@code cursor}, counting {@code events} more processed events. */
  public StoreBatch advanceCursor(EventCursor cursor, long events) {
    this.cursor = Optional.of(cursor);
    this.eventsProcessed += events;
    return this;
  }

  List<Op> ops() {
    return ops;
  }

  Optional<EventCursor> cursor() {
    return cursor;
  }

  long eventsProcessed() {
    return eventsProcessed;
  }

  /** True iff nothing would change. */
  public boolean isEmpty() {
    return ops.isEmpty() && cursor.isEmpty();
  }
}
