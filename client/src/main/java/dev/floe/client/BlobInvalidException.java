package dev.floe.client;

import dev.floe.core.blob.BlobId;

/**
 * The blob ID is invalid: its slivers are inconsistent with its metadata (the writer encoded it
 * wrongly). Either the control plane has invalidated it, or this reader's consistency check found the
 * inconsistency. Every honest reader gets this same answer for such a blob.
 */
public final class BlobInvalidException extends FloeClientException {
  private static final long serialVersionUID = 1L;
  private final transient BlobId blobId;

  public BlobInvalidException(BlobId blobId, String reason) {
    super("blob " + blobId + " is invalid: " + reason);
    this.blobId = blobId;
  }

  public BlobInvalidException(BlobId blobId, String reason, Throwable cause) {
    super("blob " + blobId + " is invalid: " + reason, cause);
    this.blobId = blobId;
  }

  /** The invalid blob. */
  public BlobId blobId() {
    return blobId;
  }
}
