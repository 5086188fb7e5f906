package dev.floe.node.chain;

/**
 * The on-chain state of a blob ID aggregated over its registrations, read directly from the chain
 * (used when the node has not yet processed the registration event).
 *
 * @param registered at least one registration exists
 * @param certified at least one registration is certified
 * @param endEpoch the latest exclusive end epoch over all registrations (0 if none); of the
 *     permanent ones when {@code permanent}
 * @param invalid the blob ID was invalidated
 * @param permanent at least one registration is permanent (not deletable)
 */
public record ChainBlobStatus(boolean registered, boolean certified, long endEpoch, boolean invalid,
    boolean permanent) {
  /** A blob ID the chain knows nothing about. */
  public static final ChainBlobStatus UNKNOWN = new ChainBlobStatus(false, false, 0, false, false);

  /** True iff the blob may be written in {@code epoch}: registered, valid and not expired. */
  public boolean writableAt(long epoch) {
    return registered && !invalid && endEpoch > epoch;
  }

  /** True iff a permanent registration of the blob is live in {@code epoch} (and the ID is valid). */
  public boolean permanentAt(long epoch) {
    return permanent && writableAt(epoch);
  }
}
