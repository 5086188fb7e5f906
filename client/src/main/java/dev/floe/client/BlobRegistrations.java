package dev.floe.client;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.core.blob.BlobId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the on-chain registrations of a blob ID by scanning the deployment's blob events (the
 * contracts index registrations by object ID, not by blob ID). Used to name the registration a
 * store can reuse, and to extend or delete by blob ID. The scan reads every event since the
 * deployment block, in pages; fine for a localnet or a young deployment, slow on a long chain
 * (pass object IDs there).
 */
final class BlobRegistrations {
  private static final int BLOCKS_PER_PAGE = 50_000;

  private final ControlPlane controlPlane;

  BlobRegistrations(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  /**
   * What the events say about {@code blobId}.
   *
   * @param registrations current state of every registration, in registration order
   * @param certifications certification and extension events, in order
   */
  record Found(List<BlobObject> registrations, List<BlobCertified> certifications) {
    /** The latest certification event of the registration {@code objectId}, if any. */
    Optional<BlobCertified> lastCertification(ObjectId objectId) {
      BlobCertified last = null;
      for (BlobCertified c : certifications) {
        if (c.objectId().equals(objectId)) {
          last = c;
        }
      }
      return Optional.ofNullable(last);
    }
  }

  /** Scans the events and loads the current state of every registration of {@code blobId}. */
  Found find(BlobId blobId) {
    Map<ObjectId, Boolean> objectIds = new LinkedHashMap<>();
    List<BlobCertified> certifications = new ArrayList<>();
    long latest = Futures.await(controlPlane.latestBlock());
    EventId cursor = controlPlane.deployment().startCursor();
    while (cursor.blockNumber() < latest || !cursor.isBlockEnd()) {
      EventPage page = Futures.await(controlPlane.fetchEvents(cursor, 0, BLOCKS_PER_PAGE));
      for (ChainEvent event : page.events()) {
        if (event instanceof BlobRegistered r && r.blobId().equals(blobId)) {
          objectIds.put(r.objectId(), Boolean.TRUE);
        } else if (event instanceof BlobCertified c && c.blobId().equals(blobId)) {
          certifications.add(c);
        }
      }
      if (page.cursor().equals(cursor)) {
        break;
      }
      cursor = page.cursor();
    }
    List<BlobObject> registrations = new ArrayList<>();
    for (ObjectId id : objectIds.keySet()) {
      Futures.await(controlPlane.blob(id)).ifPresent(registrations::add);
    }
    return new Found(registrations, certifications);
  }
}
