package dev.floe.node.recovery;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;

/**
 * Recovery proved the blob's encoding inconsistent: the sliver rebuilt from verified symbols does
 * not match the metadata. Carries the BCS inconsistency proof to send to peers. Not retried.
 */
public final class InconsistentBlobException extends RecoveryException {
  private static final long serialVersionUID = 1L;
  private final BlobId blobId;
  private final SliverType type;
  private final transient byte[] proofBcs;

  public InconsistentBlobException(BlobId blobId, SliverType type, byte[] proofBcs) {
    super("blob " + blobId + " is inconsistently encoded (" + type.name().toLowerCase(java.util.Locale.ROOT)
        + " sliver mismatch)");
    this.blobId = blobId;
    this.type = type;
    this.proofBcs = proofBcs.clone();
  }

  /** The inconsistent blob. */
  public BlobId blobId() {
    return blobId;
  }

  /** The axis of the sliver that does not match. */
  public SliverType sliverType() {
    return type;
  }

  /** The BCS {@code InconsistencyProof}. */
  public byte[] proofBcs() {
    return proofBcs.clone();
  }
}
