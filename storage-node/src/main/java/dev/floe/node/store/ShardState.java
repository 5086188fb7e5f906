package dev.floe.node.store;

/** The state of a shard on this node (Walrus node/storage/shard.rs, simplified). */
public enum ShardState {
  /** Owned and up to date: accepts writes, serves reads. */
  ACTIVE,
  /** Owned; slivers of already certified blobs are being recovered from peers. */
  ACTIVE_RECOVER,
  /** No longer owned since an epoch change: serves reads, accepts no writes. */
  LOCKED_TO_MOVE
}
