package dev.floe.client;

import dev.floe.core.blob.BlobId;

/**
 * A store could not collect signed confirmations from a quorum of shard weight in time, so the blob
 * was registered but not certified. The message lists the nodes that failed and why.
 */
public final class InsufficientConfirmationsException extends FloeClientException {
  private static final long serialVersionUID = 1L;
  private final transient BlobId blobId;
  private final int confirmedWeight;
  private final int requiredWeight;

  public InsufficientConfirmationsException(
      BlobId blobId, int confirmedWeight, int requiredWeight, String failures) {
    super(
        "could not certify blob " + blobId + ": confirmations from " + confirmedWeight + " of the "
            + requiredWeight + " shards needed for a quorum" + (failures.isEmpty() ? "" : " (" + failures + ")"));
    this.blobId = blobId;
    this.confirmedWeight = confirmedWeight;
    this.requiredWeight = requiredWeight;
  }

  public BlobId blobId() {
    return blobId;
  }

  /** Shards whose confirmations were collected. */
  public int confirmedWeight() {
    return confirmedWeight;
  }

  /** Shards needed for a quorum. */
  public int requiredWeight() {
    return requiredWeight;
  }
}
