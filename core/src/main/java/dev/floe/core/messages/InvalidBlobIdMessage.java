package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import java.util.Objects;

/**
 * A node's attestation that {@code blobId} is inconsistently encoded (intent {@link
 * IntentType#INVALID_BLOB_ID}). Bytes: header ‖ {@code blob_id [32]}. f+1 weight of these
 * invalidates the blob on-chain. Immutable.
 *
 * @param epoch the epoch of signing (u32)
 * @param blobId the invalid blob
 */
public record InvalidBlobIdMessage(long epoch, BlobId blobId) implements ProtocolMessage {
  /** Checks the epoch range and nulls. */
  public InvalidBlobIdMessage {
    MessageCodec.checkEpoch(epoch);
    Objects.requireNonNull(blobId, "blobId");
  }

  @Override
  public Intent intent() {
    return Intent.storage(IntentType.INVALID_BLOB_ID);
  }

  @Override
  public byte[] toBytes() {
    BcsWriter w = MessageCodec.header(IntentType.INVALID_BLOB_ID, epoch, BlobId.LENGTH);
    blobId.writeBcs(w);
    return w.toByteArray();
  }

  /** Parses the signed bytes, checking the intent and rejecting trailing bytes. */
  public static InvalidBlobIdMessage parse(byte[] bytes) {
    return BcsReader.decode(
        bytes,
        r -> {
          long epoch = MessageCodec.readHeader(r, IntentType.INVALID_BLOB_ID);
          return new InvalidBlobIdMessage(epoch, BlobId.readBcs(r));
        });
  }
}
