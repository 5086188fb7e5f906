package dev.floe.node.migration;

import dev.floe.node.store.StoreBatch;

/** Commits of shard state that must not interleave with an epoch change's shard state changes. */
interface ShardStateCommits {
  /**
   * Commits {@code batch} if {@code shard} is still being pulled ({@code ACTIVE_SYNC}); false (and
   * nothing written) otherwise.
   */
  boolean commitIfSyncing(int shard, long epoch, StoreBatch batch);
}
