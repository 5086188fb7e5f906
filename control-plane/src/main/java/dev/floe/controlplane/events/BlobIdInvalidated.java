package dev.floe.controlplane.events;

import dev.floe.core.blob.BlobId;

/**
 * A blob ID was declared invalid by f+1 shards' attestations (Walrus {@code InvalidBlobID}).
 *
 * @param id event position
 * @param epoch epoch of the invalidation
 * @param blobId the invalid blob ID
 */
public record BlobIdInvalidated(EventId id, int epoch, BlobId blobId) implements ChainEvent {}
