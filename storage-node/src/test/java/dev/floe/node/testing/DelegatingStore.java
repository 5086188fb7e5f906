package dev.floe.node.testing;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.store.SyncProgress;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * A real store with hooks: every call goes to the delegate unless a subclass overrides it (to gate,
 * block, count or fail some calls). {@link #close()} does not close the delegate, which the test owns.
 */
public class DelegatingStore implements SliverStore {
  protected final SliverStore delegate;

  public DelegatingStore(SliverStore delegate) {
    this.delegate = delegate;
  }

  @Override public Optional<byte[]> metadata(BlobId id) { return delegate.metadata(id); }
  @Override public boolean hasMetadata(BlobId id) { return delegate.hasMetadata(id); }
  @Override public void putMetadata(BlobId id, byte[] b) { delegate.putMetadata(id, b); }
  @Override public Optional<byte[]> sliver(BlobId id, int p, SliverType t) { return delegate.sliver(id, p, t); }
  @Override public boolean hasSliver(BlobId id, int p, SliverType t) { return delegate.hasSliver(id, p, t); }
  @Override public void putSliver(BlobId id, int p, SliverType t, byte[] b) { delegate.putSliver(id, p, t, b); }
  @Override public Optional<BlobInfo> blobInfo(BlobId id) { return delegate.blobInfo(id); }
  @Override public void forEachBlobInfo(BiConsumer<BlobId, BlobInfo> a) { delegate.forEachBlobInfo(a); }
  @Override public void forEachBlobInfoFrom(BlobId from, BiPredicate<BlobId, BlobInfo> a) {
    delegate.forEachBlobInfoFrom(from, a);
  }
  @Override public Map<Integer, ShardState> shardStates() { return delegate.shardStates(); }
  @Override public Map<Integer, SyncProgress> shardSyncProgress() { return delegate.shardSyncProgress(); }
  @Override public Optional<EventCursor> eventCursor() { return delegate.eventCursor(); }
  @Override public long eventsProcessed() { return delegate.eventsProcessed(); }
  @Override public void commit(StoreBatch b) { delegate.commit(b); }
  @Override public long approximateSliverBytes() { return delegate.approximateSliverBytes(); }
  @Override public void close() {}
}
