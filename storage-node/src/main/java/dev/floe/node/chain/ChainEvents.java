package dev.floe.node.chain;

import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobDeleted;
import dev.floe.controlplane.events.BlobIdInvalidated;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeDone;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.ShardsReceived;

/** Converts the control plane's events into the node's {@link NodeEvent}s. */
final class ChainEvents {
  private ChainEvents() {}

  /** The cursor of {@code id}, with its block's hash when {@code page} reported it. */
  static EventCursor cursor(EventId id, EventPage page) {
    return new EventCursor(id.blockNumber(), id.logIndex(), page.blockHash(id.blockNumber()).orElse(null));
  }

  static NodeEvent toNodeEvent(ChainEvent e, EventPage page) {
    EventCursor c = cursor(e.id(), page);
    return switch (e) {
      case BlobRegistered r -> new NodeEvent.BlobRegistered(c, r.epoch(), r.blobId(), r.size(), r.encodingType().code(),
          r.endEpoch(), r.deletable(), r.objectId().toBytes());
      case BlobCertified r -> new NodeEvent.BlobCertified(c, r.epoch(), r.blobId(), r.endEpoch(), r.deletable(),
          r.objectId().toBytes(), r.isExtension());
      case BlobDeleted r -> new NodeEvent.BlobDeleted(c, r.epoch(), r.blobId(), r.endEpoch(), r.objectId().toBytes(),
          r.wasCertified());
      case BlobIdInvalidated r -> new NodeEvent.BlobInvalidated(c, r.epoch(), r.blobId());
      case EpochChangeStarted r -> new NodeEvent.EpochChangeStarted(c, r.epoch());
      case EpochChangeDone r -> new NodeEvent.EpochChangeDone(c, r.epoch());
      case ShardsReceived r -> new NodeEvent.ShardsReceived(c, r.epoch(), r.nodeId().toBytes(), r.shards());
      default -> new NodeEvent.Other(c, e.getClass().getSimpleName());
    };
  }
}
