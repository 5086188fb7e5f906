package dev.floe.client;

import dev.floe.controlplane.BlobObject;
import dev.floe.core.blob.BlobId;

/**
 * The outcome of a store, in the shapes of Walrus's publisher: a new certified registration, a blob
 * that was already certified long enough (nothing paid), or a blob ID marked invalid on-chain.
 */
public sealed interface StoreResult {
  /** The blob ID stored. */
  BlobId blobId();

  /**
   * A new registration was created, the slivers uploaded and the blob certified.
   *
   * @param blobObject the registration
   * @param operation how storage was obtained
   * @param cost what the registration cost, in the token's smallest unit
   */
  record NewlyCreated(BlobObject blobObject, ResourceOperation operation, long cost) implements StoreResult {
    @Override
    public BlobId blobId() {
      return blobObject.blobId();
    }
  }

  /**
   * The blob was already certified until at least the requested epoch; nothing was done.
   *
   * @param blobId the blob ID
   * @param endEpoch the exclusive end epoch of the existing certified registration
   * @param blockNumber block of the certification event
   * @param logIndex log index of the certification event
   */
  record AlreadyCertified(BlobId blobId, long endEpoch, long blockNumber, long logIndex) implements StoreResult {}

  /** The blob ID has been invalidated on-chain (its encoding is inconsistent). */
  record MarkedInvalid(BlobId blobId) implements StoreResult {}

  /**
   * How the registration of a store was obtained: reserved and registered from scratch, or an
   * uncertified registration of the same blob owned by this account reused (e.g. left by a store
   * whose certification failed; upstream's {@code reuseRegistration}), nothing paid.
   *
   * @param encodedLength the encoded length billed
   * @param epochsAhead epochs reserved from the current one (when registered from scratch)
   * @param reusedRegistration whether an existing registration was reused
   */
  record ResourceOperation(long encodedLength, int epochsAhead, boolean reusedRegistration) {
    /** A registration from scratch. */
    public ResourceOperation(long encodedLength, int epochsAhead) {
      this(encodedLength, epochsAhead, false);
    }
  }
}
