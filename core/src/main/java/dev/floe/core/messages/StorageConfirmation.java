package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import java.util.Objects;

/**
 * A node's statement that it stores every sliver of a blob for all shards it owns in {@code epoch}
 * (intent {@link IntentType#BLOB_CERTIFICATION}). Bytes: header ‖ {@code blob_id [32]} ‖ {@link
 * BlobPersistence}; a permanent confirmation has 40 bytes. A quorum of these forms the certificate
 * that makes a blob available. Immutable.
 *
 * @param epoch the epoch of signing (u32)
 * @param blobId the confirmed blob
 * @param persistence permanent or deletable with its object ID
 */
public record StorageConfirmation(long epoch, BlobId blobId, BlobPersistence persistence)
    implements ProtocolMessage {
  /** Checks the epoch range and nulls. */
  public StorageConfirmation {
    MessageCodec.checkEpoch(epoch);
    Objects.requireNonNull(blobId, "blobId");
    Objects.requireNonNull(persistence, "persistence");
  }

  @Override
  public Intent intent() {
    return Intent.storage(IntentType.BLOB_CERTIFICATION);
  }

  @Override
  public byte[] toBytes() {
    BcsWriter w = MessageCodec.header(IntentType.BLOB_CERTIFICATION, epoch, 65);
    blobId.writeBcs(w);
    persistence.writeBcs(w);
    return w.toByteArray();
  }

  /**
   * Parses the signed bytes.
   *
   * @throws dev.floe.core.errors.InvalidSignatureException for another intent
   * @throws dev.floe.core.errors.BcsException for malformed or trailing bytes
   */
  public static StorageConfirmation parse(byte[] bytes) {
    return BcsReader.decode(
        bytes,
        r -> {
          long epoch = MessageCodec.readHeader(r, IntentType.BLOB_CERTIFICATION);
          BlobId blobId = BlobId.readBcs(r);
          return new StorageConfirmation(epoch, blobId, BlobPersistence.readBcs(r));
        });
  }
}
