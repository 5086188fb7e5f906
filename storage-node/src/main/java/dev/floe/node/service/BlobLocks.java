package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Striped per-blob read-write locks, so that a write of a blob's data and the removal of that blob
 * (deletion, expiry, invalidation) never interleave and nothing is left behind after a removal.
 *
 * <p>Writes of a blob's data ({@link #withShared}) exclude only changes of the blob's state
 * ({@link #withLock}), not each other: the slivers of one blob are stored concurrently, so their
 * synced writes share WAL syncs (RocksDB commits concurrent writers as one group). Each write is of
 * one key whose value is determined by the blob's metadata, so two concurrent writes of the same
 * sliver store the same bytes.
 */
public final class BlobLocks {
  private final ReentrantReadWriteLock[] stripes;

  /** {@code stripes} locks (rounded up to a power of two). */
  public BlobLocks(int stripes) {
    int n = Integer.highestOneBit(Math.max(1, stripes - 1)) << 1;
    this.stripes = new ReentrantReadWriteLock[n];
    for (int i = 0; i < n; i++) {
      this.stripes[i] = new ReentrantReadWriteLock();
    }
  }

  /** Runs {@code action} holding the blob's lock exclusively (state changes: events, removal). */
  public <T> T withLock(BlobId blobId, Supplier<T> action) {
    return run(stripe(blobId).writeLock(), action);
  }

  /**
   * Runs {@code action} holding the blob's lock shared: concurrent with other shared holders (data
   * writes of the same blob), never with an exclusive holder.
   */
  public <T> T withShared(BlobId blobId, Supplier<T> action) {
    return run(stripe(blobId).readLock(), action);
  }

  /**
   * Runs {@code action} holding the locks of all {@code blobIds} shared (a batch of data writes of
   * several blobs). The stripes are taken in index order; only one thread may hold several stripes
   * at once for this to be free of deadlocks with other multi-stripe holders, and exclusive holders
   * take one stripe only.
   */
  public <T> T withSharedAll(java.util.Collection<BlobId> blobIds, Supplier<T> action) {
    java.util.TreeSet<Integer> indices = new java.util.TreeSet<>();
    for (BlobId id : blobIds) {
      indices.add(index(id));
    }
    java.util.List<Lock> taken = new java.util.ArrayList<>(indices.size());
    try {
      for (int i : indices) {
        Lock l = stripes[i].readLock();
        l.lock();
        taken.add(l);
      }
      return action.get();
    } finally {
      for (int i = taken.size() - 1; i >= 0; i--) {
        taken.get(i).unlock();
      }
    }
  }

  private int index(BlobId blobId) {
    return (blobId.hashCode() & 0x7fffffff) & (stripes.length - 1);
  }

  private ReentrantReadWriteLock stripe(BlobId blobId) {
    return stripes[(blobId.hashCode() & 0x7fffffff) & (stripes.length - 1)];
  }

  private static <T> T run(Lock lock, Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
