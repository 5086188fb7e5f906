package dev.floe.node.events;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.store.SyncProgress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epoch changes on the node: refreshes the committee and records shard states. A gained shard is
 * pulled from its previous owner when certified blobs exist ({@link ShardState#ACTIVE_SYNC}, handed
 * to the {@link ShardMigration}, which falls back to recovery and reports the epoch sync done); a
 * lost shard becomes read-only ({@link ShardState#LOCKED_TO_MOVE}) and keeps serving reads and
 * sync requests until its new owner reports it received ({@code ShardsReceived} on-chain), or at the
 * latest until the next epoch change starts; then its slivers are deleted. Deleting at {@code
 * EpochChangeDone} instead would strand a new owner that was not part of the quorum that finished the
 * change, which would then rebuild the whole shard through recovery. Expired blobs are collected at
 * each epoch start.
 */
final class EpochChanges {
  private static final Logger LOG = LoggerFactory.getLogger(EpochChanges.class);
  /** Blobs whose slivers of moved-away shards are deleted per batch. */
  private static final int DELETE_BATCH = 256;

  private final String logName;
  private final SliverStore store;
  private final ChainState chainState;
  private final EventApplier applier;
  private final ShardMigration migration;

  EpochChanges(String logName, SliverStore store, ChainState chainState, EventApplier applier,
      ShardMigration migration) {
    this.logName = logName;
    this.store = store;
    this.chainState = chainState;
    this.applier = applier;
    this.migration = migration;
  }

  void started(NodeEvent.EpochChangeStarted e) {
    ChainState.Snapshot snap = chainState.refresh();
    Map<Integer, ShardState> states = store.shardStates();
    Set<Integer> owned = snap.ownedShards();
    boolean current = e.epoch() == snap.epoch();
    Set<Integer> gained = new HashSet<>(owned);
    if (!current) {
      // a node catching up: the committee read now is a later epoch's, so shards are taken over only
      // when the event of the current epoch is processed (after every blob event before it)
      gained.clear();
    }
    // shards already held, or still being brought up to date from an earlier change, keep their state
    gained.removeIf(s -> states.get(s) == ShardState.ACTIVE || states.get(s) == ShardState.ACTIVE_RECOVER
        || states.get(s) == ShardState.ACTIVE_SYNC);
    boolean anyCertified = !gained.isEmpty() && anyCertified(snap.epoch());
    StoreBatch batch = new StoreBatch().advanceCursor(e.cursor(), 1);
    for (int s : gained) {
      if (anyCertified) {
        batch.putShardSync(s, SyncProgress.START);
      } else {
        batch.putShardState(s, ShardState.ACTIVE);
      }
    }
    // shards that moved away at an earlier change and were kept for their new owner: their time is up
    List<Integer> expiredMoves = new ArrayList<>();
    int lost = 0;
    for (Map.Entry<Integer, ShardState> st : states.entrySet()) {
      // a node catching up judges losses only at the current epoch's event too: with a later epoch's
      // committee, a shard it still held until the last change would be locked at an older event and
      // deleted as an expired move at the current one, before its new owner could pull it
      if (!current || owned.contains(st.getKey())) {
        continue;
      }
      if (st.getValue() == ShardState.LOCKED_TO_MOVE) {
        expiredMoves.add(st.getKey());
      } else {
        batch.putShardState(st.getKey(), ShardState.LOCKED_TO_MOVE);
        lost++;
      }
    }
    if (!expiredMoves.isEmpty()) {
      int deleted = deleteSlivers(expiredMoves, snap);
      expiredMoves.forEach(batch::deleteShardState);
      LOG.info("{}: deleted {} slivers of {} shards that moved away before epoch {}", logName, deleted,
          expiredMoves.size(), e.epoch());
    }
    int expired = applier.collectExpired(e.epoch());
    migration.commitStates(batch);
    LOG.info("{}: epoch change to {} processed: {} shards owned ({} gained{}, {} moved away), {} expired blobs removed",
        logName, e.epoch(), owned.size(), gained.size(), anyCertified ? ", to pull from their previous owners" : "",
        lost, expired);
    Map<Integer, ShardState> now = store.shardStates();
    boolean pending = owned.stream()
        .anyMatch(s -> now.get(s) == ShardState.ACTIVE_SYNC || now.get(s) == ShardState.ACTIVE_RECOVER);
    if (pending && current) {
      migration.migrate(e.epoch());
    } else if (current && !owned.isEmpty()) {
      migration.reportSyncDone(e.epoch());
    }
  }

  void done(NodeEvent.EpochChangeDone e) {
    chainState.refresh();
    StoreBatch batch = new StoreBatch().advanceCursor(e.cursor(), 1);
    migration.commitStates(batch);
    long kept = store.shardStates().values().stream().filter(st -> st == ShardState.LOCKED_TO_MOVE).count();
    if (kept > 0) {
      LOG.info("{}: epoch change to {} done; keeping {} moved-away shards until their new owners report them received",
          logName, e.epoch(), kept);
    }
  }

  /**
   * A committee member reported its shards received: the ones this node held until the last epoch
   * change are no longer needed here and their slivers are deleted. Only the current epoch's reports
   * count (a node catching up sees older ones, whose shards may have moved again since).
   */
  void shardsReceived(NodeEvent.ShardsReceived e) {
    ChainState.Snapshot snap = chainState.current();
    List<Integer> handedOver = new ArrayList<>();
    if (e.epoch() == snap.epoch()) {
      Map<Integer, ShardState> states = store.shardStates();
      for (int s : e.shards()) {
        if (states.get(s) == ShardState.LOCKED_TO_MOVE && !snap.ownedShards().contains(s)) {
          handedOver.add(s);
        }
      }
    }
    int deleted = deleteSlivers(handedOver, snap);
    StoreBatch batch = new StoreBatch().advanceCursor(e.cursor(), 1);
    handedOver.forEach(batch::deleteShardState);
    migration.commitStates(batch);
    if (!handedOver.isEmpty()) {
      LOG.info("{}: deleted {} slivers of shards {}: their new owner reported them received in epoch {}", logName,
          deleted, handedOver, e.epoch());
    }
  }

  /** True iff some blob is certified and live in {@code epoch}. */
  private boolean anyCertified(long epoch) {
    boolean[] found = {false};
    store.forEachBlobInfoFrom(BlobId.of(new byte[BlobId.LENGTH]), (id, info) -> {
      found[0] = info.isCertifiedAt(epoch);
      return !found[0];
    });
    return found[0];
  }

  /**
   * Deletes the slivers of {@code shards} (which this node no longer owns) of every blob, in
   * batches; idempotent, so an interrupted deletion is finished when the event is processed again.
   */
  private int deleteSlivers(List<Integer> shards, ChainState.Snapshot snap) {
    if (shards.isEmpty()) {
      return 0;
    }
    List<BlobId> blobs = new ArrayList<>();
    store.forEachBlobInfo((id, info) -> blobs.add(id));
    int deleted = 0;
    for (int from = 0; from < blobs.size(); from += DELETE_BATCH) {
      StoreBatch batch = new StoreBatch();
      for (BlobId id : blobs.subList(from, Math.min(blobs.size(), from + DELETE_BATCH))) {
        int offset = id.rotationOffset(snap.nShards());
        for (int shard : shards) {
          int pair = snap.config().pairForShard(shard, offset);
          for (SliverType t : SliverType.values()) {
            if (store.hasSliver(id, pair, t)) {
              batch.deleteSliver(id, pair, t);
              deleted++;
            }
          }
        }
      }
      store.commit(batch);
    }
    return deleted;
  }
}
