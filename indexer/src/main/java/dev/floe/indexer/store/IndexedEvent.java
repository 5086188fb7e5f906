package dev.floe.indexer.store;

import dev.floe.controlplane.events.EventId;
import java.time.Instant;
import java.util.Optional;

/**
 * One indexed chain event, with the identifiers it names.
 *
 * @param id its position on the chain
 * @param kind the event type (e.g. {@code BlobCertified})
 * @param epoch the epoch it names, if any
 * @param blobId the blob ID it names, if any
 * @param objectId the object (blob, stake) it names, if any
 * @param nodeId the node it names, if any
 * @param blockTime the timestamp of its block, once known (whole seconds)
 */
public record IndexedEvent(
    EventId id, String kind, Optional<Integer> epoch, Optional<String> blobId, Optional<String> objectId,
    Optional<String> nodeId, Optional<Instant> blockTime) {

  /** An event whose block time is not known. */
  public IndexedEvent(EventId id, String kind, Optional<Integer> epoch, Optional<String> blobId,
      Optional<String> objectId, Optional<String> nodeId) {
    this(id, kind, epoch, blobId, objectId, nodeId, Optional.empty());
  }
}
