package dev.floe.node.migration;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.events.RecoveryTrigger;
import dev.floe.node.events.ShardMigration;
import dev.floe.node.http.BodyLimits;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.recovery.MetadataFetcher;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.store.SyncProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings gained shards up to date after an epoch change, one migration at a time on its own
 * thread: every owned shard in {@link ShardState#ACTIVE_SYNC} is pulled from its previous owner
 * ({@link ShardPuller}); then every such shard and every shard in {@link
 * ShardState#ACTIVE_RECOVER} has the slivers still missing rebuilt by recovery from all peers; the
 * shard becomes {@link ShardState#ACTIVE}. When all owned shards are active and the epoch is still
 * current, the epoch sync is reported done; shards still incomplete are tried again a little later
 * while the epoch lasts. States and progress are persisted, so a restarted node resumes ({@link
 * #resume}).
 */
public final class ShardMigrator implements ShardMigration, ShardStateCommits, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMigrator.class);
  private static final int RECOVERY_ROUNDS = 3;

  private final String logName;
  private final SliverStore store;
  private final ChainState chainState;
  private final RecoveryTrigger recovery;
  private final NodeMetrics metrics;
  private final ShardPuller.Context pullContext;
  private final SyncDoneReporter reporter;
  private final ExecutorService worker;
  /** Wait before another try at shards left incomplete: four times the recovery's longest backoff. */
  private final long retryMillis;
  private final Object stateLock = new Object();
  private volatile boolean closed;

  /**
   * @param peers the client of peers' REST APIs
   * @param metadata metadata from the store or from peers
   * @param recovery where slivers the previous owner did not deliver are recovered
   * @param chain where the epoch sync is reported done
   */
  public ShardMigrator(StorageNodeConfig config, SliverStore store, ChainState chainState, BlobLocks locks,
      PeerClient peers, MetadataFetcher metadata, RecoveryTrigger recovery, NodeSigner signer, NodeChain chain,
      NodeMetrics metrics) {
    this.logName = config.name();
    this.store = store;
    this.chainState = chainState;
    this.recovery = recovery;
    this.metrics = metrics;
    StorageNodeConfig.ShardSync sync = config.shardSync();
    long maxSliver = BodyLimits.of(chainState.current().config(), config.limits().maxBlobSize()).sliverBytes();
    this.pullContext = new ShardPuller.Context(logName, store, chainState, locks, peers, metadata, signer, metrics,
        sync.sliversPerRequest(), sync.responseByteBudget() + maxSliver + 4096, config.recovery().initialBackoffMillis());
    this.reporter = new SyncDoneReporter(logName, chain);
    this.retryMillis = 4 * config.recovery().maxBackoffMillis();
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, logName + "-shard-sync");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void commitStates(StoreBatch batch) {
    synchronized (stateLock) {
      store.commit(batch);
    }
  }

  @Override
  public boolean commitIfSyncing(int shard, long epoch, StoreBatch batch) {
    synchronized (stateLock) {
      if (store.shardStates().get(shard) != ShardState.ACTIVE_SYNC) {
        return false;
      }
      store.commit(batch);
      return true;
    }
  }

  @Override
  public void migrate(long epoch) {
    submit(epoch, true);
  }

  @Override
  public void resume() {
    ChainState.Snapshot snap = chainState.current();
    Map<Integer, ShardState> states = store.shardStates();
    boolean pending = snap.ownedShards().stream()
        .anyMatch(s -> states.get(s) == ShardState.ACTIVE_SYNC || states.get(s) == ShardState.ACTIVE_RECOVER);
    if (pending) {
      LOG.info("{}: resuming the migration of gained shards", logName);
      submit(snap.epoch(), true);
    }
  }

  @Override
  public void reportSyncDone(long epoch) {
    reporter.report(epoch);
  }

  private void submit(long epoch, boolean report) {
    if (closed) {
      return;
    }
    try {
      worker.execute(() -> {
        try {
          run(epoch, report);
        } catch (CancellationException e) {
          LOG.info("{}: shard migration for epoch {} stopped: {}", logName, epoch, e.getMessage());
        } catch (RuntimeException e) {
          if (!closed) {
            LOG.warn("{}: shard migration for epoch {} failed; it resumes at the next restart: {}", logName, epoch,
                e.toString());
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("{}: migration not started, the node is stopping", logName);
    }
  }

  private void run(long epoch, boolean report) {
    ChainState.Snapshot snap = chainState.current();
    Map<Integer, ShardState> states = store.shardStates();
    Map<Integer, SyncProgress> progress = store.shardSyncProgress();
    for (int shard : snap.ownedShards()) {
      if (states.get(shard) == ShardState.ACTIVE_SYNC) {
        pull(epoch, shard, progress.getOrDefault(shard, SyncProgress.START));
      }
    }
    boolean allActive = true;
    for (int shard : snap.ownedShards()) {
      ShardState state = store.shardStates().get(shard);
      if (state == ShardState.ACTIVE_SYNC) {
        allActive = false; // interrupted: the progress is kept for the next run
      } else if (state == ShardState.ACTIVE_RECOVER) {
        allActive &= recoverRest(epoch, shard);
      }
    }
    if (closed) {
      return;
    }
    if (allActive && report && chainState.current().epoch() == epoch && !snap.ownedShards().isEmpty()) {
      reporter.report(epoch);
    } else if (!allActive && chainState.current().epoch() == epoch) {
      // slivers no peer could give yet (peers down, an inconsistent blob not yet invalidated on-chain):
      // try again later rather than leave the shard incomplete and the sync unreported until a restart
      LOG.warn("{}: some gained shards are not complete yet; retrying in {} ms, the epoch sync is reported once "
          + "they are", logName, retryMillis);
      CompletableFuture.delayedExecutor(retryMillis, TimeUnit.MILLISECONDS).execute(() -> {
        if (chainState.current().epoch() == epoch) {
          submit(epoch, report);
        }
      });
    }
  }

  /** Pulls the shard from its previous owner; afterwards the shard is left for recovery of the rest. */
  private void pull(long epoch, int shard, SyncProgress from) {
    Optional<CommitteeMember> owner = chainState.previousCommittee().flatMap(c -> c.ownerOfShard(shard));
    ShardPuller.Outcome outcome;
    if (owner.isEmpty() || owner.get().hasProtocolAddress(chainState.selfAddress())) {
      LOG.info("{}: shard {} has no previous owner to pull from; recovering it from all peers", logName, shard);
      outcome = ShardPuller.Outcome.OWNER_FAILED;
    } else {
      outcome = new ShardPuller(pullContext, this, () -> closed).pull(epoch, shard, owner.get(), from);
    }
    if (outcome == ShardPuller.Outcome.INTERRUPTED) {
      return;
    }
    synchronized (stateLock) {
      if (store.shardStates().get(shard) == ShardState.ACTIVE_SYNC) {
        store.commit(new StoreBatch().putShardState(shard, ShardState.ACTIVE_RECOVER));
      }
    }
  }

  /**
   * Recovers the slivers of the shard that certified blobs still lack; true once none is missing
   * and the shard is active.
   */
  private boolean recoverRest(long epoch, int shard) {
    for (int round = 1; round <= RECOVERY_ROUNDS && !closed; round++) {
      Missing missing = missing(shard, epoch);
      if (missing.blobs().isEmpty()) {
        synchronized (stateLock) {
          if (store.shardStates().get(shard) == ShardState.ACTIVE_RECOVER) {
            store.commit(new StoreBatch().putShardState(shard, ShardState.ACTIVE));
            LOG.info("{}: shard {} is active", logName, shard);
          }
        }
        return true;
      }
      if (round == 1) {
        metrics.syncShardFallback(missing.fromPreviousEpochs());
        LOG.info("{}: recovering {} slivers of shard {} ({} blobs) from all peers", logName, missing.slivers(), shard,
            missing.blobs().size());
      }
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (BlobId id : missing.blobs()) {
        all.add(recovery.recoverMissing(id));
      }
      try {
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.info("{}: recovery round {} of shard {} left slivers missing: {}", logName, round, shard, e.toString());
      }
    }
    return false;
  }

  /** Certified blobs lacking a sliver of the shard's pair; slivers counted for those certified before. */
  private Missing missing(int shard, long epoch) {
    ChainState.Snapshot snap = chainState.current();
    List<BlobId> blobs = new ArrayList<>();
    int[] slivers = {0, 0};
    store.forEachBlobInfo((id, info) -> {
      if (!info.isCertifiedAt(snap.epoch())) {
        return;
      }
      int pair = snap.config().pairForShard(shard, id.rotationOffset(snap.nShards()));
      int lacking = 0;
      for (SliverType t : SliverType.values()) {
        if (!store.hasSliver(id, pair, t)) {
          lacking++;
        }
      }
      if (lacking > 0) {
        blobs.add(id);
        slivers[0] += lacking;
        if (info.initialCertifiedEpoch() < epoch) {
          slivers[1] += lacking;
        }
      }
    });
    return new Missing(blobs, slivers[0], slivers[1]);
  }

  private record Missing(List<BlobId> blobs, int slivers, int fromPreviousEpochs) {}

  @Override
  public void close() {
    closed = true;
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reporter.close();
  }
}
