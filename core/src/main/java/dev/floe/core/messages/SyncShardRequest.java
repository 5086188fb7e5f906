package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Objects;

/**
 * A request, signed by the node that gains a shard, for a batch of that shard's slivers from its
 * previous owner (intent {@link IntentType#SYNC_SHARD}; Walrus {@code SyncShardMsg}). Bytes: header
 * with {@code epoch} ‖ {@code SyncShardRequest::V1 (variant 0) {shard_index u16, sliver_type enum,
 * starting_blob_id [32], sliver_count u64, epoch u32}}. Immutable.
 *
 * @param epoch the epoch the requester is moving to; in the header and the body (u32)
 * @param shardIndex the shard to copy
 * @param sliverType which sliver of each pair to copy
 * @param startingBlobId the first blob ID of the batch (inclusive, in blob ID order)
 * @param sliverCount how many slivers to return at most, non-negative
 */
public record SyncShardRequest(
    long epoch, int shardIndex, SliverType sliverType, BlobId startingBlobId, long sliverCount)
    implements ProtocolMessage {
  /** BCS variant index of version 1. */
  public static final int VERSION_1 = 0;

  /** Range-checks every field. */
  public SyncShardRequest {
    MessageCodec.checkEpoch(epoch);
    if (shardIndex < 0 || shardIndex > 0xFFFF) {
      throw new InvalidSizeException("shard index must be a u16, got " + shardIndex);
    }
    Objects.requireNonNull(sliverType, "sliverType");
    Objects.requireNonNull(startingBlobId, "startingBlobId");
    if (sliverCount < 0) {
      throw new InvalidSizeException("sliver count must not be negative, got " + sliverCount);
    }
  }

  @Override
  public Intent intent() {
    return Intent.storage(IntentType.SYNC_SHARD);
  }

  @Override
  public byte[] toBytes() {
    BcsWriter w = MessageCodec.header(IntentType.SYNC_SHARD, epoch, 48);
    w.writeEnumIndex(VERSION_1);
    w.writeU16(shardIndex);
    w.writeEnumIndex(sliverType.bcsIndex());
    startingBlobId.writeBcs(w);
    w.writeU64(sliverCount);
    w.writeU32(epoch);
    return w.toByteArray();
  }

  /**
   * Parses the signed bytes.
   *
   * @throws InvalidSignatureException for another intent or a body epoch that
   *     differs from the header's
   * @throws BcsException for malformed or trailing bytes
   */
  public static SyncShardRequest parse(byte[] bytes) {
    return BcsReader.decode(
        bytes,
        r -> {
          long epoch = MessageCodec.readHeader(r, IntentType.SYNC_SHARD);
          r.readEnumIndex(1, "SyncShardRequest version");
          int shard = r.readU16();
          SliverType type = SliverType.fromBcsIndex(r.readEnumIndex(2, "sliver type"));
          BlobId start = BlobId.readBcs(r);
          int at = r.position();
          long count = r.readU64();
          if (count < 0) {
            throw new BcsException("sliver count at offset " + at + " exceeds 2^63-1");
          }
          long bodyEpoch = r.readU32();
          if (bodyEpoch != epoch) {
            throw new InvalidSignatureException(
                "sync shard request body epoch " + bodyEpoch + " differs from header epoch " + epoch);
          }
          return new SyncShardRequest(epoch, shard, type, start, count);
        });
  }
}
