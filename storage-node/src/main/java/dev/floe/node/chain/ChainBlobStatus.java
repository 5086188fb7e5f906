package dev.floe.node.chain;

/**
 * The on-chain state of a blob ID aggregated over its registrations, read directly from the chain
 * (used when the node has not yet processed the registration event).
 *
 * @param registered at least one registration exists
 * @param certified at least one registration is certified
 * @param endEpoch the latest exclusive end epoch over all registrations (0 if none)
 * @param invalid the blob ID was invalidated
 */
public record ChainBlobStatus(boolean registered, boolean certified, long endEpoch, boolean invalid) {
  /** A blob ID the chain knows nothing about. */
  public static final ChainBlobStatus UNKNOWN = new ChainBlobStatus(false, false, 0, false);

  /** True iff the blob may be written in {@code epoch}: registered, valid and not expired. */
  public boolean writableAt(long epoch) {
    return registered && !invalid && endEpoch > epoch;
  }
}
