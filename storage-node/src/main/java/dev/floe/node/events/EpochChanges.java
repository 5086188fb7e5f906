package dev.floe.node.events;

import dev.floe.core.blob.BlobId;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epoch changes on the node: refreshes the committee, records shard states (gained shards recover
 * the slivers of certified blobs from peers — the fallback path of shard migration — lost shards
 * become read-only), collects expired blobs, and reports {@code epochSyncDone} once every owned
 * shard is ready.
 */
final class EpochChanges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpochChanges.class);

  private final String logName;
  private final NodeChain chain;
  private final SliverStore store;
  private final ChainState chainState;
  private final EventApplier applier;
  private final RecoveryTrigger recovery;
  private final ExecutorService background;

  EpochChanges(String logName, NodeChain chain, SliverStore store, ChainState chainState, EventApplier applier,
      RecoveryTrigger recovery) {
    this.logName = logName;
    this.chain = chain;
    this.store = store;
    this.chainState = chainState;
    this.applier = applier;
    this.recovery = recovery;
    this.background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, logName + "-epoch-sync");
      t.setDaemon(true);
      return t;
    });
  }

  void started(NodeEvent.EpochChangeStarted e) {
    ChainState.Snapshot snap = chainState.refresh();
    Map<Integer, ShardState> states = store.shardStates();
    Set<Integer> owned = snap.ownedShards();
    Set<Integer> gained = new HashSet<>(owned);
    gained.removeIf(s -> states.get(s) == ShardState.ACTIVE || states.get(s) == ShardState.ACTIVE_RECOVER);
    List<BlobId> certified = new ArrayList<>();
    if (!gained.isEmpty()) {
      store.forEachBlobInfo((id, info) -> {
        if (info.isCertifiedAt(snap.epoch())) {
          certified.add(id);
        }
      });
    }
    StoreBatch batch = new StoreBatch().advanceCursor(e.cursor(), 1);
    for (int s : gained) {
      batch.putShardState(s, certified.isEmpty() ? ShardState.ACTIVE : ShardState.ACTIVE_RECOVER);
    }
    for (Map.Entry<Integer, ShardState> st : states.entrySet()) {
      if (!owned.contains(st.getKey()) && st.getValue() != ShardState.LOCKED_TO_MOVE) {
        batch.putShardState(st.getKey(), ShardState.LOCKED_TO_MOVE);
      }
    }
    int expired = applier.collectExpired(e.epoch());
    store.commit(batch);
    LOG.info("{}: epoch change to {} processed: {} shards owned ({} new), {} blobs to recover, {} expired blobs removed",
        logName, e.epoch(), owned.size(), gained.size(), certified.size(), expired);
    boolean current = e.epoch() == snap.epoch();
    if (certified.isEmpty()) {
      if (current && !owned.isEmpty()) {
        reportSyncDone(e.epoch());
      }
      return;
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (BlobId id : certified) {
      all.add(recovery.recoverMissing(id));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
      if (err != null) {
        LOG.warn("{}: some slivers of gained shards could not be recovered yet: {}", logName, err.toString());
        return;
      }
      StoreBatch ready = new StoreBatch();
      gained.forEach(s -> ready.putShardState(s, ShardState.ACTIVE));
      store.commit(ready);
      if (current) {
        reportSyncDone(e.epoch());
      }
    });
  }

  void done(NodeEvent.EpochChangeDone e) {
    chainState.refresh();
    StoreBatch batch = new StoreBatch().advanceCursor(e.cursor(), 1);
    store.shardStates().forEach((s, st) -> {
      if (st == ShardState.LOCKED_TO_MOVE) {
        batch.deleteShardState(s);
      }
    });
    store.commit(batch);
  }

  private void reportSyncDone(long epoch) {
    background.execute(() -> {
      for (int attempt = 1; attempt <= 5; attempt++) {
        try {
          chain.epochSyncDone(epoch);
          LOG.info("{}: reported epoch sync done for epoch {}", logName, epoch);
          return;
        } catch (RuntimeException ex) {
          LOG.warn("{}: epoch sync done for epoch {} failed (attempt {}): {}", logName, epoch, attempt, ex.getMessage());
          try {
            Thread.sleep(200L << attempt);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    });
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
