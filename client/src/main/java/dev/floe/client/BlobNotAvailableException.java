package dev.floe.client;

import dev.floe.core.blob.BlobId;

/**
 * The blob cannot be read: it is unknown, not certified, expired or deleted, or more than f shards'
 * nodes refused or failed so that not enough verified slivers (or no verified metadata) could be
 * fetched. The SDK never returns bytes it could not verify; it throws this instead.
 */
public final class BlobNotAvailableException extends FloeClientException {
  private static final long serialVersionUID = 1L;
  private final transient BlobId blobId;
  private final Reason reason;

  /** Why the blob is not available. */
  public enum Reason {
    /** No registration of this blob ID exists (never stored, or deleted). */
    NOT_FOUND,
    /** Registered but never certified. */
    NOT_CERTIFIED,
    /** Its storage has ended. */
    EXPIRED,
    /** Too many nodes failed, refused or lied: not enough verified metadata or slivers. */
    NOT_ENOUGH_NODES
  }

  public BlobNotAvailableException(BlobId blobId, Reason reason, String detail) {
    super(message(blobId, detail));
    this.blobId = blobId;
    this.reason = reason;
  }

  public BlobNotAvailableException(BlobId blobId, Reason reason, String detail, Throwable cause) {
    super(message(blobId, detail), cause);
    this.blobId = blobId;
    this.reason = reason;
  }

  private static String message(BlobId blobId, String detail) {
    return "blob " + blobId + " is not available: " + detail;
  }

  /** The blob that could not be read. */
  public BlobId blobId() {
    return blobId;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
