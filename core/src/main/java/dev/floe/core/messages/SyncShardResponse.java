package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a sync shard request (Walrus {@code SyncShardResponse::V1(Vec<(BlobId, Sliver)>)}):
 * slivers of one shard, each with its blob ID, in ascending blob ID order. BCS: variant index 0 ‖
 * ULEB128 count ‖ per entry {@code blob_id [32] ‖ Sliver}, where {@code Sliver} is the enum {@code
 * Primary(SliverData) = 0 | Secondary(SliverData) = 1}. Decoding checks the structure only; the
 * receiver verifies every sliver against its blob's metadata. Immutable.
 *
 * @param entries the slivers
 */
public record SyncShardResponse(List<Entry> entries) {
  /** BCS variant index of version 1. */
  public static final int VERSION_1 = 0;
  /** BCS size of an empty response. */
  public static final int EMPTY_BCS_SIZE = 2;
  /** Smallest BCS size of one entry: blob ID, sliver tag, empty data, symbol size, index. */
  private static final int MIN_ENTRY_BYTES = BlobId.LENGTH + 1 + 1 + 4;

  /**
   * One sliver of the response.
   *
   * @param blobId the blob the sliver belongs to
   * @param sliver the sliver (its type is the {@code Sliver} variant)
   */
  public record Entry(BlobId blobId, SliverData sliver) {
    public Entry {
      Objects.requireNonNull(blobId, "blobId");
      Objects.requireNonNull(sliver, "sliver");
    }

    /** BCS size of this entry. */
    public int bcsSize() {
      return entryBcsSize(sliver);
    }
  }

  public SyncShardResponse {
    entries = List.copyOf(entries);
  }

  /** BCS size of an entry holding {@code sliver}. */
  public static int entryBcsSize(SliverData sliver) {
    return BlobId.LENGTH + 1 + sliver.bcsSize();
  }

  /** The BCS form. */
  public byte[] toBcs() {
    int size = EMPTY_BCS_SIZE + 4;
    for (Entry e : entries) {
      size += e.bcsSize();
    }
    BcsWriter w = new BcsWriter(size);
    w.writeEnumIndex(VERSION_1);
    w.writeVector(entries, (ww, e) -> {
      e.blobId().writeBcs(ww);
      ww.writeEnumIndex(e.sliver().type().bcsIndex());
      e.sliver().writeBcs(ww);
    });
    return w.toByteArray();
  }

  /**
   * Decodes exactly one response.
   *
   * @throws BcsException for an unknown version or sliver tag, a malformed sliver, a count larger
   *     than the bytes can hold, or trailing bytes
   */
  public static SyncShardResponse fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, r -> {
      r.readEnumIndex(1, "SyncShardResponse version");
      List<Entry> entries = r.readVector(MIN_ENTRY_BYTES, rr -> {
        BlobId id = BlobId.readBcs(rr);
        SliverType type = SliverType.fromBcsIndex(rr.readEnumIndex(2, "sliver type"));
        return new Entry(id, SliverData.readBcs(type, rr));
      });
      return new SyncShardResponse(entries);
    });
  }
}
