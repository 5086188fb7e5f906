package dev.floe.node.chain;

import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobDeleted;
import dev.floe.controlplane.events.BlobIdInvalidated;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeDone;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EventId;

/** Converts the control plane's events into the node's {@link NodeEvent}s. */
final class ChainEvents {
  private ChainEvents() {}

  static EventCursor cursor(EventId id) {
    return new EventCursor(id.blockNumber(), id.logIndex());
  }

  static NodeEvent toNodeEvent(ChainEvent e) {
    EventCursor c = cursor(e.id());
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
      default -> new NodeEvent.Other(c, e.getClass().getSimpleName());
    };
  }
}
