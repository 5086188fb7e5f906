package dev.floe.node.recovery;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.events.RecoveryTrigger;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.StorageService;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules recovery of the slivers a node lacks for certified blobs: one task per blob (deduplicated)
 * and at most {@code parallelism} slivers rebuilt at once; every sliver is retried with exponential
 * backoff and jitter. A blob whose symbols prove an inconsistent encoding is handed to the {@link
 * InconsistencyReporter} instead.
 */
public final class RecoveryScheduler implements RecoveryTrigger, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryScheduler.class);

  private final String logName;
  private final SliverStore store;
  private final ChainState chainState;
  private final StorageService storage;
  private final SliverRebuilder rebuilder;
  private final MetadataFetcher metadataFetcher;
  private final InconsistencyReporter reporter;
  private final StorageNodeConfig.Recovery config;
  private final NodeMetrics metrics;
  private final ExecutorService blobTasks;
  private final ExecutorService sliverTasks;
  private final Map<BlobId, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  /** Blobs removed while their recovery was queued or running; an entry lives as long as that run. */
  private final Set<BlobId> cancelled = ConcurrentHashMap.newKeySet();
  private final AtomicInteger slivers = new AtomicInteger();
  private volatile boolean closed;

  public RecoveryScheduler(String logName, SliverStore store, ChainState chainState, StorageService storage,
      SliverRebuilder rebuilder, MetadataFetcher metadataFetcher, InconsistencyReporter reporter,
      StorageNodeConfig.Recovery config, NodeMetrics metrics) {
    this.logName = logName;
    this.store = store;
    this.chainState = chainState;
    this.storage = storage;
    this.rebuilder = rebuilder;
    this.metadataFetcher = metadataFetcher;
    this.reporter = reporter;
    this.config = config;
    this.metrics = metrics;
    this.blobTasks = Executors.newFixedThreadPool(config.parallelism(), named(logName + "-recover-blob"));
    this.sliverTasks = Executors.newFixedThreadPool(config.parallelism(), named(logName + "-recover-sliver"));
  }

  /** Tells the scheduler the node's own URL, so it never asks itself. */
  public void setSelfUrl(String url) {
    metadataFetcher.setSelfUrl(url);
  }

  /** Slivers being rebuilt right now. */
  public int inProgress() {
    return slivers.get();
  }

  @Override
  public CompletableFuture<Void> recoverMissing(BlobId blobId) {
    if (closed) {
      return CompletableFuture.failedFuture(new RecoveryException("the node is stopping"));
    }
    cancelled.remove(blobId);
    CompletableFuture<Void> f = new CompletableFuture<>();
    CompletableFuture<Void> running = inFlight.putIfAbsent(blobId, f);
    if (running != null) {
      return running;
    }
    try {
      blobTasks.execute(() -> {
        try {
          recoverBlob(blobId);
          // out of the map before completing: a caller that sees this future finished gets a new run
          finished(blobId, f);
          f.complete(null);
        } catch (Throwable t) {
          finished(blobId, f);
          f.completeExceptionally(t);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      finished(blobId, f);
      f.completeExceptionally(new RecoveryException("the node is stopping"));
    }
    return f;
  }

  /**
   * Stops the blob's recovery if one is queued or running. Nothing is remembered otherwise: a node
   * removes every expired or deleted blob, and remembering each would grow without bound.
   */
  @Override
  public void cancel(BlobId blobId) {
    // atomic with finished() for the same blob: an entry is never added after its run ended
    inFlight.computeIfPresent(blobId, (id, f) -> {
      cancelled.add(id);
      return f;
    });
  }

  /** The run {@code f} of the blob ended: it leaves the in-flight map and forgets its cancellation. */
  private void finished(BlobId blobId, CompletableFuture<Void> f) {
    inFlight.computeIfPresent(blobId, (id, running) -> {
      if (running != f) {
        return running;
      }
      cancelled.remove(id);
      return null;
    });
  }

  /** Cancellations held in memory (of queued or running recoveries only). */
  public int retainedCancellations() {
    return cancelled.size();
  }

  private void recoverBlob(BlobId blobId) {
    ChainState.Snapshot snap = chainState.current();
    List<Missing> missing = new ArrayList<>();
    Map<Integer, ShardState> states = store.shardStates();
    int offset = blobId.rotationOffset(snap.nShards());
    for (int p : snap.ownedPairs(blobId)) {
      ShardState state = states.get(snap.config().shardForPair(p, offset));
      if (state != ShardState.ACTIVE && state != ShardState.ACTIVE_RECOVER) {
        continue; // being pulled from its previous owner, or its epoch change is not processed yet
      }
      for (SliverType t : SliverType.values()) {
        if (!store.hasSliver(blobId, p, t)) {
          missing.add(new Missing(p, t));
        }
      }
    }
    if (missing.isEmpty() || isCancelled(blobId)) {
      return;
    }
    LOG.info("{}: recovering {} slivers of blob {}", logName, missing.size(), blobId);
    VerifiedBlobMetadata metadata = metadataFetcher.fetch(blobId, () -> isCancelled(blobId) || closed);
    List<CompletableFuture<Void>> tasks = new ArrayList<>();
    for (Missing m : missing) {
      tasks.add(CompletableFuture.runAsync(() -> recoverSliver(metadata, m), sliverTasks));
    }
    CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
  }

  private void recoverSliver(VerifiedBlobMetadata metadata, Missing m) {
    BlobId blobId = metadata.blobId();
    slivers.incrementAndGet();
    try {
      long backoff = config.initialBackoffMillis();
      for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
        if (isCancelled(blobId) || closed) {
          return;
        }
        long started = System.nanoTime();
        try {
          SliverRebuilder.Rebuilt r = rebuilder.rebuild(metadata, m.pairIndex(), m.type(), () -> isCancelled(blobId) || closed);
          if (storage.storeRecoveredSliver(blobId, m.pairIndex(), m.type(), r.sliverBcs())) {
            metrics.sliverRecovered(r.bytesDownloaded(), r.sliverBcs().length, Duration.ofNanos(System.nanoTime() - started));
            LOG.debug("{}: recovered the {} sliver of pair {} of {} ({} bytes downloaded)", logName,
                m.type(), m.pairIndex(), blobId, r.bytesDownloaded());
          }
          return;
        } catch (InconsistentBlobException e) {
          LOG.warn("{}: {}", logName, e.getMessage());
          reporter.report(e);
          return;
        } catch (RecoveryException | RuntimeException e) {
          metrics.recoveryFailed();
          LOG.info("{}: recovering the {} sliver of pair {} of {} failed (attempt {}/{}): {}", logName, m.type(),
              m.pairIndex(), blobId, attempt, config.maxAttempts(), e.getMessage());
          backoff = pause(backoff);
        }
      }
      throw new IllegalStateException("gave up recovering the " + m.type() + " sliver of pair " + m.pairIndex()
          + " of blob " + blobId + " after " + config.maxAttempts() + " attempts");
    } finally {
      slivers.decrementAndGet();
    }
  }

  private long pause(long backoff) {
    long jitter = ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    try {
      Thread.sleep(backoff + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted");
    }
    return Math.min(backoff * 2, config.maxBackoffMillis());
  }

  private boolean isCancelled(BlobId blobId) {
    return cancelled.contains(blobId);
  }

  @Override
  public void close() {
    closed = true;
    blobTasks.shutdownNow();
    sliverTasks.shutdownNow();
    try {
      blobTasks.awaitTermination(5, TimeUnit.SECONDS);
      sliverTasks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Missing(int pairIndex, SliverType type) {}

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
