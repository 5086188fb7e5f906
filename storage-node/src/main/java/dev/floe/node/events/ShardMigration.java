package dev.floe.node.events;

import dev.floe.node.store.StoreBatch;

/**
 * Where epoch changes hand gained shards over: the shards' slivers of already certified blobs are
 * pulled from their previous owners (or recovered), then the epoch sync is reported done.
 */
public interface ShardMigration {
  /**
   * Commits an epoch change's shard states (with its event cursor), never interleaved with the
   * migration's own shard state commits.
   */
  void commitStates(StoreBatch batch);

  /**
   * Asynchronously brings every owned shard in {@code ACTIVE_SYNC} or {@code ACTIVE_RECOVER} to
   * {@code ACTIVE}; then, if {@code epoch} is still the current epoch, reports its sync done.
   */
  void migrate(long epoch);

  /** At start-up: continues migrations a stop interrupted (from their persisted progress). */
  void resume();

  /** Reports, asynchronously, that this node holds all its shards of {@code epoch}. */
  void reportSyncDone(long epoch);
}
