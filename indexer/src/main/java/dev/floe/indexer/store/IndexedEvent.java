package dev.floe.indexer.store;

import dev.floe.controlplane.events.EventId;
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
 */
public record IndexedEvent(
    EventId id, String kind, Optional<Integer> epoch, Optional<String> blobId, Optional<String> objectId,
    Optional<String> nodeId) {}
