package dev.floe.node.store;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One on-chain registration (object) of a blob ID as the node learned it from events.
 *
 * @param objectId the 32-byte object ID
 * @param deletable whether the owner may delete it
 * @param registeredEpoch the epoch of registration
 * @param endEpoch exclusive end epoch
 * @param certifiedEpoch the epoch of certification, or -1 if not certified
 */
public record Registration(
    byte[] objectId, boolean deletable, long registeredEpoch, long endEpoch, long certifiedEpoch) {
  public Registration {
    objectId = objectId.clone();
  }

  @Override
  public byte[] objectId() {
    return objectId.clone();
  }

  /** True iff this is the registration with {@code id}. */
  public boolean hasObjectId(byte[] id) {
    return Arrays.equals(objectId, id);
  }

  /** Certified at some point. */
  public boolean isCertified() {
    return certifiedEpoch >= 0;
  }

  /** Not yet expired in {@code epoch}. */
  public boolean liveAt(long epoch) {
    return endEpoch > epoch;
  }

  /** A copy certified in {@code epoch} until {@code newEndEpoch}. */
  public Registration certified(long epoch, long newEndEpoch) {
    return new Registration(objectId, deletable, registeredEpoch, Math.max(endEpoch, newEndEpoch),
        isCertified() ? certifiedEpoch : epoch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Registration r
        && Arrays.equals(objectId, r.objectId)
        && deletable == r.deletable
        && registeredEpoch == r.registeredEpoch
        && endEpoch == r.endEpoch
        && certifiedEpoch == r.certifiedEpoch;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(objectId) * 31 + Long.hashCode(endEpoch);
  }

  @Override
  public String toString() {
    return "Registration[0x" + HexFormat.of().formatHex(objectId) + (deletable ? " deletable" : " permanent")
        + " epochs " + registeredEpoch + ".." + endEpoch + (isCertified() ? " certified@" + certifiedEpoch : "") + "]";
  }
}
