package dev.floe.core.protocol;

/** Query parameter names of the storage-node API (walrus-protocol.md §3). */
public final class QueryParams {
  /** PUT metadata / sliver: {@code true} buffers the upload until the registration is seen. */
  public static final String PENDING = "pending";
  /** Confirmation: wait (long-poll) until the registration is seen. */
  public static final String WAIT_FOR_REGISTRATION = "wait_for_registration";
  /** Confirmation: the longest wait in milliseconds, capped by the node. */
  public static final String WAIT_MILLIS = "wait_millis";
  /** Recovery symbols: a symbol ID {@code P-S} (primary index, secondary index); repeatable. */
  public static final String SYMBOL_ID = "id";
  /** Recovery symbols: the sliver index of the target sliver (not a pair index). */
  public static final String TARGET_SLIVER = "targetSliver";
  /** Recovery / decoding symbols: {@code primary} or {@code secondary}, the type of the target. */
  public static final String TARGET_TYPE = "targetType";
  /**
   * Recovery symbols with explicit IDs: the axis of the source sliver whose Merkle tree proves the
   * symbol ({@code primary}: proven against a primary sliver's hash, i.e. the symbol is for a
   * secondary target; {@code secondary}: against a secondary sliver's hash).
   */
  public static final String PROOF_AXIS = "proofAxis";
  /** Decoding symbols: comma-separated sliver indices of the targets. */
  public static final String TARGET_SLIVERS = "targetSlivers";
  /** Health: {@code true} adds per-shard details. */
  public static final String DETAILED = "detailed";

  private QueryParams() {}
}
