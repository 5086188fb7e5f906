package dev.floe.node.events;

import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.MetadataCache;
import dev.floe.node.service.NodeStatus;
import dev.floe.node.service.PendingUploads;
import dev.floe.node.service.StatusService;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the control plane's events from the cursor persisted in the store, one at a time and in
 * order, on its own thread. Each event's effects are committed with its cursor; after a restart the
 * node resumes after the last committed event and re-triggers recovery of certified blobs it does
 * not fully hold. Failed polls are retried with backoff; a chain reorganization deeper than the
 * confirmation depth is logged at ERROR once and then retried (without advancing) until an operator
 * intervenes.
 */
public final class BlobEventProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlobEventProcessor.class);
  private static final int BATCH = 256;
  private static final long SCAN_PERSIST_INTERVAL_NANOS = 5_000_000_000L;
  /** How often certified blobs are re-checked for slivers whose recovery gave up. */
  private static final long RECOVERY_SWEEP_INTERVAL_NANOS = 120_000_000_000L;
  /** Blobs a sweep step looks at before the loop polls the chain again. */
  static final int SWEEP_STEP_BLOBS = 2_000;

  private final String logName;
  private final NodeChain chain;
  private final SliverStore store;
  private final ChainState chainState;
  private final StatusService status;
  private final NodeMetrics metrics;
  private final Duration pollInterval;
  private final EventApplier applier;
  private final EpochChanges epochs;
  private final RecoveryTrigger recovery;
  private final ShardMigration migration;
  private final AtomicLong pending = new AtomicLong();
  /** Where the next poll starts: the last committed event, or a later scan position. */
  private volatile Optional<EventCursor> position = Optional.empty();
  private long lastScanPersistNanos = System.nanoTime();
  private long lastSweepNanos = System.nanoTime();
  /**
   * Where the running sweep for incomplete certified blobs goes on (null: none running). A sweep
   * scans {@link #SWEEP_STEP_BLOBS} blobs per idle turn of the event loop, so a store of millions of
   * blobs never holds event processing up for long.
   */
  private BlobId sweepFrom;
  private final CountDownLatch caughtUpOnce = new CountDownLatch(1);
  private volatile boolean running;
  private volatile boolean caughtUp;
  /** The epoch of the last {@code EpochChangeStarted} processed since start-up, -1 if none. */
  private volatile long lastEpochStarted = -1;
  private Thread thread;

  public BlobEventProcessor(String logName, NodeChain chain, SliverStore store, ChainState chainState,
      PendingUploads pendingUploads, BlobLocks locks, MetadataCache metadataCache, RecoveryTrigger recovery,
      ShardMigration migration, StatusService status, NodeMetrics metrics, Duration pollInterval) {
    this.logName = logName;
    this.chain = chain;
    this.store = store;
    this.chainState = chainState;
    this.status = status;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.recovery = recovery;
    this.applier = new EventApplier(logName, store, pendingUploads, locks, metadataCache, recovery, metrics);
    this.migration = migration;
    this.epochs = new EpochChanges(logName, store, chainState, applier, migration);
    status.setPendingEvents(pending::get);
  }

  /** Starts following events on a new thread. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, logName + "-events");
    thread.setDaemon(true);
    thread.start();
  }

  /** True once the processor has seen no newer event than the ones it processed. */
  public boolean isCaughtUp() {
    return caughtUp;
  }

  /**
   * True once the node has caught up with the chain and processed the start of {@code epoch}: every
   * blob event before it is applied. A node that caught up after a restart without seeing an epoch
   * start processed the current one before the restart.
   */
  public boolean hasProcessedEpochStart(long epoch) {
    long started = lastEpochStarted;
    return caughtUp && (started < 0 || started >= epoch);
  }

  /** Waits until the processor first catches up with the chain. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUpOnce.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The cursor of the last persisted event. */
  public Optional<EventCursor> cursor() {
    return store.eventCursor();
  }

  private void run() {
    position = store.eventCursor();
    migration.resume();
    sweepFrom = BlobId.of(new byte[BlobId.LENGTH]);
    sweepStep();
    long backoff = pollInterval.toMillis();
    boolean reorgReported = false;
    while (running) {
      try {
        List<NodeEvent> events = chain.pollEvents(position, BATCH);
        pending.set(events.size());
        for (NodeEvent e : events) {
          if (!running) {
            break;
          }
          apply(e);
          pending.decrementAndGet();
          metrics.eventProcessed();
        }
        backoff = pollInterval.toMillis();
        reorgReported = false;
        if (events.size() < BATCH) {
          markCaughtUp();
          if (sweepFrom == null && System.nanoTime() - lastSweepNanos > RECOVERY_SWEEP_INTERVAL_NANOS) {
            lastSweepNanos = System.nanoTime();
            sweepFrom = BlobId.of(new byte[BlobId.LENGTH]);
          }
          sweepStep();
          sleep(pollInterval.toMillis());
        }
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        Optional<ChainReorganizedException> reorg = ChainReorganizedException.causeOf(e);
        if (reorg.isPresent() && !reorgReported) {
          // fatal for correctness, yet nothing to do here but wait for an operator: say it once
          reorgReported = true;
          LOG.error("{}: event processing halted at {}: {}", logName, position.map(Object::toString).orElse("start"),
              reorg.get().getMessage());
        } else if (reorg.isEmpty()) {
          LOG.warn("{}: event processing failed, retrying in {} ms: {}", logName, backoff, e.toString());
        }
        LOG.debug("{}: event processing failure", logName, e);
        sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private void apply(NodeEvent e) {
    long epoch = chainState.current().epoch();
    switch (e) {
      case NodeEvent.BlobRegistered r -> applier.registered(r);
      case NodeEvent.BlobCertified c -> applier.certified(c);
      case NodeEvent.BlobDeleted d -> applier.deleted(d, epoch);
      case NodeEvent.BlobInvalidated i -> applier.invalidated(i);
      case NodeEvent.EpochChangeStarted s -> {
        epochs.started(s);
        lastEpochStarted = s.epoch();
      }
      case NodeEvent.EpochChangeDone d -> epochs.done(d);
      case NodeEvent.ShardsReceived r -> epochs.shardsReceived(r);
      case NodeEvent.Other o -> other(o);
    }
    position = Optional.of(e.cursor());
    LOG.debug("{}: processed {}", logName, e);
  }

  /**
   * An event the node ignores. A mere scan position (blocks without Floe events) is persisted at
   * most every few seconds: re-scanning empty blocks after a crash is harmless, a synced write per
   * block is not free.
   */
  private void other(NodeEvent.Other o) {
    boolean scanOnly = NodeEvent.Other.SCANNED.equals(o.name());
    long now = System.nanoTime();
    if (!scanOnly || now - lastScanPersistNanos > SCAN_PERSIST_INTERVAL_NANOS) {
      store.commit(new StoreBatch().advanceCursor(o.cursor(), scanOnly ? 0 : 1));
      lastScanPersistNanos = now;
    }
  }

  private void markCaughtUp() {
    if (!caughtUp) {
      LOG.info("{}: caught up with chain events at {}", logName, store.eventCursor().map(Object::toString).orElse("start"));
    }
    caughtUp = true;
    ChainState.Snapshot snap = chainState.current();
    status.setStatus(snap.ownedShards().isEmpty() ? NodeStatus.STANDBY : NodeStatus.ACTIVE);
    caughtUpOnce.countDown();
  }

  /**
   * At start-up and periodically: recover slivers of certified blobs that are incomplete on this
   * node (after a restart, or after an earlier recovery gave up).
   */
  /**
   * One step of the sweep for certified blobs whose slivers of active shards are incomplete (a
   * recovery cut short by a restart, a shard that became active meanwhile): looks at up to {@link
   * #SWEEP_STEP_BLOBS} blobs from {@link #sweepFrom}, schedules the recovery of the incomplete ones,
   * and ends the sweep at the end of the store.
   */
  private void sweepStep() {
    BlobId from = sweepFrom;
    if (from == null) {
      return;
    }
    try {
      ChainState.Snapshot snap = chainState.current();
      List<BlobId> incomplete = new ArrayList<>();
      // shards being pulled from their previous owner (or not taken over yet) are not recovered here
      java.util.Map<Integer, ShardState> states = store.shardStates();
      BlobId[] next = {null};
      int[] seen = {0};
      store.forEachBlobInfoFrom(from, (id, info) -> {
        if (seen[0]++ == SWEEP_STEP_BLOBS) {
          next[0] = id;
          return false;
        }
        if (info.isCertifiedAt(snap.epoch()) && lacksSlivers(snap, states, id)) {
          incomplete.add(id);
        }
        return true;
      });
      sweepFrom = next[0];
      if (!incomplete.isEmpty()) {
        LOG.info("{}: recovering {} incomplete certified blobs", logName, incomplete.size());
        incomplete.forEach(recovery::recoverMissing);
      }
    } catch (RuntimeException e) {
      sweepFrom = null;
      LOG.warn("{}: could not scan for incomplete blobs: {}", logName, e.toString());
    }
  }

  /** Whether the node lacks a sliver of {@code id} in one of its active shards. */
  private boolean lacksSlivers(ChainState.Snapshot snap, java.util.Map<Integer, ShardState> states, BlobId id) {
    int offset = id.rotationOffset(snap.nShards());
    for (int p : snap.ownedPairs(id)) {
      ShardState state = states.get(snap.config().shardForPair(p, offset));
      if (state != ShardState.ACTIVE && state != ShardState.ACTIVE_RECOVER) {
        continue;
      }
      if (!store.hasSliver(id, p, SliverType.PRIMARY) || !store.hasSliver(id, p, SliverType.SECONDARY)) {
        return true;
      }
    }
    return false;
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
