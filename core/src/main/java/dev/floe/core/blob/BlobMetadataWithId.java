package dev.floe.core.blob;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.UnsupportedEncodingTypeException;
import java.util.Objects;

/**
 * A blob ID with the metadata claimed for it, as served by {@code GET /v1/blobs/{id}/metadata}.
 * Nothing is trusted until {@link #verify(EncodingConfig)} returns a {@link VerifiedBlobMetadata}.
 *
 * <p>BCS: {@code {blob_id: [u8; 32], metadata: BlobMetadata}}. Immutable.
 *
 * @param blobId the claimed blob ID
 * @param metadata the claimed metadata
 */
public record BlobMetadataWithId(BlobId blobId, BlobMetadata metadata) {
  /** Rejects nulls. */
  public BlobMetadataWithId {
    Objects.requireNonNull(blobId, "blobId");
    Objects.requireNonNull(metadata, "metadata");
  }

  /**
   * Checks the metadata against {@code config} and the blob ID: one hash pair per shard, the
   * config's encoding type, a length no larger than the config allows, and a recomputed blob ID
   * equal to the claimed one.
   *
   * @throws InvalidSizeException for a wrong hash count or an oversized length
   * @throws UnsupportedEncodingTypeException for an encoding type the config does not use
   * @throws HashMismatchException if the metadata commit to another blob ID
   */
  public VerifiedBlobMetadata verify(EncodingConfig config) {
    int n = config.nShards();
    if (metadata.hashes().size() != n) {
      throw new InvalidSizeException(
          "metadata of " + blobId + " has " + metadata.hashes().size() + " sliver pair hashes, expected " + n);
    }
    if (metadata.encodingType() != config.encodingType()) {
      throw new UnsupportedEncodingTypeException(
          "metadata of " + blobId + " use encoding " + metadata.encodingType() + ", expected " + config.encodingType());
    }
    if (metadata.unencodedLength() > config.maxBlobSize()) {
      throw new InvalidSizeException(
          "metadata of " + blobId + " claim " + metadata.unencodedLength() + " bytes, more than the maximum "
              + config.maxBlobSize() + " for " + n + " shards");
    }
    BlobId computed = metadata.computeBlobId();
    if (!computed.equals(blobId)) {
      throw new HashMismatchException("metadata commit to blob ID " + computed + ", not " + blobId);
    }
    return new VerifiedBlobMetadata(this);
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    blobId.writeBcs(w);
    metadata.writeBcs(w);
  }

  /** The BCS bytes. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(48 + metadata.hashes().size() * 66);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads the BCS form. */
  public static BlobMetadataWithId readBcs(BcsReader r) {
    BlobId id = BlobId.readBcs(r);
    BlobMetadata metadata = BlobMetadata.readBcs(r);
    return new BlobMetadataWithId(id, metadata);
  }

  /** Decodes exactly one BCS {@code BlobMetadataWithId}. */
  public static BlobMetadataWithId fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, BlobMetadataWithId::readBcs);
  }
}
