package dev.floe.node.chain;

import dev.floe.core.blob.BlobId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The chain events a storage node reacts to, in chain order (walrus-protocol.md §4.3). Every event
 * carries its {@link EventCursor}; events the node does not act on arrive as {@link Other} so the
 * cursor still advances past them.
 */
public sealed interface NodeEvent {
  /** The position of this event in the chain. */
  EventCursor cursor();

  /** A registration of a blob ID (one on-chain object). */
  record BlobRegistered(
      EventCursor cursor,
      long epoch,
      BlobId blobId,
      long size,
      int encodingType,
      long endEpoch,
      boolean deletable,
      byte[] objectId)
      implements NodeEvent {
    public BlobRegistered {
      Objects.requireNonNull(blobId, "blobId");
      objectId = objectId.clone();
    }

    @Override
    public byte[] objectId() {
      return objectId.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlobRegistered b
          && cursor.equals(b.cursor)
          && epoch == b.epoch
          && blobId.equals(b.blobId)
          && size == b.size
          && encodingType == b.encodingType
          && endEpoch == b.endEpoch
          && deletable == b.deletable
          && Arrays.equals(objectId, b.objectId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(cursor, blobId, Arrays.hashCode(objectId));
    }
  }

  /** A registration was certified (the point of availability), or a certified one extended. */
  record BlobCertified(
      EventCursor cursor,
      long epoch,
      BlobId blobId,
      long endEpoch,
      boolean deletable,
      byte[] objectId,
      boolean isExtension)
      implements NodeEvent {
    public BlobCertified {
      Objects.requireNonNull(blobId, "blobId");
      objectId = objectId.clone();
    }

    @Override
    public byte[] objectId() {
      return objectId.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlobCertified b
          && cursor.equals(b.cursor)
          && epoch == b.epoch
          && blobId.equals(b.blobId)
          && endEpoch == b.endEpoch
          && deletable == b.deletable
          && isExtension == b.isExtension
          && Arrays.equals(objectId, b.objectId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(cursor, blobId, Arrays.hashCode(objectId));
    }
  }

  /** A deletable registration was deleted by its owner. */
  record BlobDeleted(
      EventCursor cursor, long epoch, BlobId blobId, long endEpoch, byte[] objectId, boolean wasCertified)
      implements NodeEvent {
    public BlobDeleted {
      Objects.requireNonNull(blobId, "blobId");
      objectId = objectId.clone();
    }

    @Override
    public byte[] objectId() {
      return objectId.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlobDeleted b
          && cursor.equals(b.cursor)
          && epoch == b.epoch
          && blobId.equals(b.blobId)
          && endEpoch == b.endEpoch
          && wasCertified == b.wasCertified
          && Arrays.equals(objectId, b.objectId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(cursor, blobId, Arrays.hashCode(objectId));
    }
  }

  /** The blob ID was invalidated (inconsistent encoding proven by f+1 shards). */
  record BlobInvalidated(EventCursor cursor, long epoch, BlobId blobId) implements NodeEvent {}

  /** The system moved to {@code epoch}; the new committee holds the shards from now on. */
  record EpochChangeStarted(EventCursor cursor, long epoch) implements NodeEvent {}

  /** A quorum of the committee of {@code epoch} finished syncing its shards. */
  record EpochChangeDone(EventCursor cursor, long epoch) implements NodeEvent {}

  /**
   * The committee member {@code nodeId} (its operator address) reported holding all its shards of
   * {@code epoch}: {@code shards}.
   */
  record ShardsReceived(EventCursor cursor, long epoch, byte[] nodeId, List<Integer> shards) implements NodeEvent {
    public ShardsReceived {
      nodeId = nodeId.clone();
      shards = List.copyOf(shards);
    }

    @Override
    public byte[] nodeId() {
      return nodeId.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ShardsReceived r && r.cursor.equals(cursor) && r.epoch == epoch
          && Arrays.equals(r.nodeId, nodeId) && r.shards.equals(shards);
    }

    @Override
    public int hashCode() {
      return Objects.hash(cursor, epoch, Arrays.hashCode(nodeId), shards);
    }
  }

  /**
   * Any other event (stake, node, price...), or {@link #SCANNED}: the end of a scanned range with
   * no Floe events. Processed only to advance the cursor.
   */
  record Other(EventCursor cursor, String name) implements NodeEvent {
    /** The name of a scan-position marker. */
    public static final String SCANNED = "scanned";
  }
}
