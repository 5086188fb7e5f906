package dev.floe.node.store;

import dev.floe.core.blob.BlobId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the disk space of removed blobs. A removal only writes range tombstones; RocksDB drops the
 * keys, and the sliver values in blob files, only when a compaction covers them, which a node that
 * mostly deletes (expiry) may never trigger on its own. So the key ranges of removed blobs are
 * compacted in the background shortly after the removal: each range on its own while few are
 * pending, the whole column families when many are (at most once per {@code fullPassIntervalMillis}).
 */
final class SpaceReclaimer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpaceReclaimer.class);
  /** Above this many removed blobs per pass, one compaction of the whole column families is cheaper. */
  static final int MAX_RANGES_PER_PASS = 64;

  private final String logName;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> families;
  private final Lock openLock;
  private final long delayMillis;
  private final long fullPassIntervalMillis;
  private final ScheduledExecutorService executor;
  private final Set<BlobId> pending = new HashSet<>();
  /** Not exclusive: RocksDB's own compactions (which writes depend on) keep running meanwhile. */
  private final CompactRangeOptions options = new CompactRangeOptions().setExclusiveManualCompaction(false);
  private boolean scheduled;
  private long lastFullPassNanos;
  private boolean fullPassDone;
  private volatile boolean closed;

  /**
   * @param families the column families keyed by blob ID (metadata, slivers)
   * @param openLock held while compacting; the store takes its exclusive counterpart to close
   */
  SpaceReclaimer(String logName, RocksDB db, List<ColumnFamilyHandle> families, Lock openLock, long delayMillis,
      long fullPassIntervalMillis) {
    this.logName = logName;
    this.db = db;
    this.families = List.copyOf(families);
    this.openLock = openLock;
    this.delayMillis = delayMillis;
    this.fullPassIntervalMillis = fullPassIntervalMillis;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, logName + "-reclaim-space");
      t.setDaemon(true);
      return t;
    });
  }

  /** Notes that data of these blobs was removed (committed); their space is reclaimed soon. */
  synchronized void removed(Collection<BlobId> blobIds) {
    if (closed || blobIds.isEmpty()) {
      return;
    }
    pending.addAll(blobIds);
    scheduleLocked(delayMillis);
  }

  private void scheduleLocked(long delay) {
    if (!scheduled) {
      scheduled = true;
      executor.schedule(this::pass, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void pass() {
    List<BlobId> blobs;
    boolean full;
    synchronized (this) {
      scheduled = false;
      if (closed || pending.isEmpty()) {
        return;
      }
      full = pending.size() > MAX_RANGES_PER_PASS;
      if (full && fullPassDone) {
        long waitMillis = fullPassIntervalMillis - (System.nanoTime() - lastFullPassNanos) / 1_000_000L;
        if (waitMillis > 0) {
          scheduleLocked(waitMillis);
          return;
        }
      }
      blobs = new ArrayList<>(pending);
      pending.clear();
    }
    openLock.lock();
    try {
      if (closed) {
        return;
      }
      for (ColumnFamilyHandle cf : families) {
        if (full) {
          db.compactRange(cf, null, null, options);
        } else {
          for (BlobId id : blobs) {
            db.compactRange(cf, SliverKey.blob(id), SliverKey.rangeEnd(id), options);
          }
        }
      }
      if (full) {
        synchronized (this) {
          fullPassDone = true;
          lastFullPassNanos = System.nanoTime();
        }
      }
      LOG.debug("{}: compacted the space of {} removed blobs{}", logName, blobs.size(), full ? " (full pass)" : "");
    } catch (RocksDBException e) {
      if (!closed) {
        LOG.warn("{}: could not compact the space of {} removed blobs (retried with the next removal): {}", logName,
            blobs.size(), e.getMessage());
        synchronized (this) {
          pending.addAll(blobs);
        }
      }
    } finally {
      openLock.unlock();
    }
  }

  /** Stops: a running compaction is cancelled; pending ranges are left to RocksDB's own compactions. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      pending.clear();
    }
    options.setCanceled(true);
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    options.close();
  }
}
