package dev.floe.controlplane;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import java.util.OptionalInt;

/**
 * One on-chain registration of a blob (Walrus's {@code Blob} object). A blob ID may be registered
 * several times; each registration has its own object ID, end epoch and persistence.
 *
 * @param objectId the registration's ID (signed in deletable storage confirmations)
 * @param blobId the blob ID
 * @param owner who registered it (and may delete it if deletable)
 * @param unencodedSize the blob's length in bytes
 * @param encodingType the encoding
 * @param registeredEpoch the epoch of registration
 * @param certifiedEpoch the epoch of certification, if certified
 * @param endEpoch the end epoch (exclusive): stored through endEpoch - 1
 * @param deletable whether the owner may delete it
 * @param deleted whether it was deleted
 * @param storageId the storage reservation it uses
 * @param storageSize the encoded bytes of that reservation
 */
public record BlobObject(
    ObjectId objectId,
    BlobId blobId,
    Address owner,
    long unencodedSize,
    EncodingType encodingType,
    int registeredEpoch,
    OptionalInt certifiedEpoch,
    int endEpoch,
    boolean deletable,
    boolean deleted,
    ObjectId storageId,
    long storageSize) {

  /** Whether the blob was certified. */
  public boolean isCertified() {
    return certifiedEpoch.isPresent();
  }
}
