package dev.floe.node.store;

/** The state of a shard on this node (Walrus node/storage/shard.rs, simplified). */
public enum ShardState {
  /** Owned and up to date: accepts writes, serves reads. */
  ACTIVE,
  /**
   * Owned since an epoch change; the slivers of already certified blobs are being pulled from the
   * shard's previous owner ({@code /v1/migrate/sync_shard}), resuming at the persisted {@link
   * SyncProgress}. Accepts writes of new blobs.
   */
  ACTIVE_SYNC,
  /** Owned; slivers of already certified blobs are being recovered from peers. */
  ACTIVE_RECOVER,
  /** No longer owned since an epoch change: serves reads, accepts no writes. */
  LOCKED_TO_MOVE
}
