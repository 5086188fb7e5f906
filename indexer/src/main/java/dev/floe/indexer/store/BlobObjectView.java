package dev.floe.indexer.store;

import java.util.Optional;

/**
 * One on-chain registration (blob object) of a blob ID, as the events left it.
 *
 * @param objectId the blob object's ID (0x-hex)
 * @param size unencoded size in bytes
 * @param encodingType the encoding type code (1 = RS2)
 * @param registeredEpoch the epoch it was registered in
 * @param endEpoch the first epoch it is no longer stored (extensions included)
 * @param deletable whether the owner may delete it
 * @param certifiedEpoch the epoch it was certified in, if it was
 * @param deleted whether the owner deleted it
 */
public record BlobObjectView(
    String objectId, long size, int encodingType, int registeredEpoch, int endEpoch, boolean deletable,
    Optional<Integer> certifiedEpoch, boolean deleted) {
  /** Certified, not deleted, and still stored in {@code epoch}. */
  public boolean isLiveCertifiedIn(int epoch) {
    return certifiedEpoch.isPresent() && !deleted && endEpoch > epoch;
  }

  /** Registered (certified or not), not deleted, and still paid for in {@code epoch}. */
  public boolean isLiveIn(int epoch) {
    return !deleted && endEpoch > epoch;
  }
}
