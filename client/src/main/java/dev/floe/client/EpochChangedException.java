package dev.floe.client;

import dev.floe.core.blob.BlobId;

/**
 * A store gave up because the epoch kept changing while its slivers were uploaded: each committee's
 * confirmations were outdated before they could be certified. The blob stays registered; storing it
 * again reuses nothing on-chain but is safe.
 */
public final class EpochChangedException extends FloeClientException {
  private static final long serialVersionUID = 1L;
  private final transient BlobId blobId;
  private final int firstEpoch;
  private final int lastEpoch;

  public EpochChangedException(BlobId blobId, int firstEpoch, int lastEpoch, int rounds, Throwable cause) {
    super("could not certify blob " + blobId + ": the epoch changed from " + firstEpoch + " to " + lastEpoch
        + " during " + rounds + " upload rounds (last failure: " + cause.getMessage() + ")", cause);
    this.blobId = blobId;
    this.firstEpoch = firstEpoch;
    this.lastEpoch = lastEpoch;
  }

  /** The blob that was registered but not certified. */
  public BlobId blobId() {
    return blobId;
  }

  /** The epoch the store started in. */
  public int firstEpoch() {
    return firstEpoch;
  }

  /** The epoch when the store gave up. */
  public int lastEpoch() {
    return lastEpoch;
  }
}
