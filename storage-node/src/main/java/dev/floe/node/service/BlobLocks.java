package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Striped per-blob locks: a write of a blob's data and the removal of that blob (deletion, expiry,
 * invalidation) never interleave, so nothing is left behind after a removal.
 */
public final class BlobLocks {
  private final ReentrantLock[] stripes;

  /** {@code stripes} locks (rounded up to a power of two). */
  public BlobLocks(int stripes) {
    int n = Integer.highestOneBit(Math.max(1, stripes - 1)) << 1;
    this.stripes = new ReentrantLock[n];
    for (int i = 0; i < n; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  /** Runs {@code action} holding the blob's lock. */
  public <T> T withLock(BlobId blobId, Supplier<T> action) {
    ReentrantLock lock = stripes[(blobId.hashCode() & 0x7fffffff) & (stripes.length - 1)];
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
