package dev.floe.client;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.core.blob.BlobId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the on-chain registrations of a blob ID from the blob events that name it (the contracts
 * keep registrations by object ID; the events index the blob ID, so the chain's log index finds
 * them without reading every event). Used to name the registration a store can reuse, and to extend
 * or delete by blob ID.
 */
final class BlobRegistrations {
  /** Blocks per log query: topic-filtered queries are cheap, but providers cap the range of one. */
  private static final int BLOCKS_PER_QUERY = 100_000;

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

  /** Finds the blob's events and loads the current state of every registration of {@code blobId}. */
  Found find(BlobId blobId) {
    Map<ObjectId, Boolean> objectIds = new LinkedHashMap<>();
    List<BlobCertified> certifications = new ArrayList<>();
    for (ChainEvent event : Futures.await(controlPlane.blobEvents(blobId, BLOCKS_PER_QUERY))) {
      if (event instanceof BlobRegistered r) {
        objectIds.put(r.objectId(), Boolean.TRUE);
      } else if (event instanceof BlobCertified c) {
        certifications.add(c);
      }
    }
    List<BlobObject> registrations = new ArrayList<>();
    for (ObjectId id : objectIds.keySet()) {
      Futures.await(controlPlane.blob(id)).ifPresent(registrations::add);
    }
    return new Found(registrations, certifications);
  }
}
