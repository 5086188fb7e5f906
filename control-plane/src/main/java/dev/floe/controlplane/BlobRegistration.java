package dev.floe.controlplane;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.merkle.Node;

/**
 * What registering a blob declares. The contract re-derives the blob ID from the encoding type,
 * the unencoded size and the Merkle root and refuses a mismatch.
 *
 * @param blobId the blob ID
 * @param rootHash the Merkle root over the sliver-pair hashes
 * @param unencodedSize the blob's length in bytes
 * @param encodingType the encoding (RS2)
 * @param deletable whether the owner may delete the blob before it expires
 */
public record BlobRegistration(
    BlobId blobId, Node rootHash, long unencodedSize, EncodingType encodingType, boolean deletable) {
  public BlobRegistration {
    if (blobId == null || rootHash == null || encodingType == null) {
      throw new IllegalArgumentException("blob ID, root hash and encoding type are required");
    }
    if (unencodedSize < 0) {
      throw new IllegalArgumentException("blob size must not be negative, got " + unencodedSize);
    }
  }
}
