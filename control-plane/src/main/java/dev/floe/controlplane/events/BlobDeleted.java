package dev.floe.controlplane.events;

import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;

/**
 * A deletable blob registration was deleted by its owner (Walrus {@code BlobDeleted}).
 *
 * @param id event position
 * @param epoch epoch of deletion
 * @param blobId the blob ID
 * @param endEpoch the end epoch the registration had
 * @param objectId the registration's object ID
 * @param wasCertified whether it had been certified
 */
public record BlobDeleted(
    EventId id, int epoch, BlobId blobId, int endEpoch, ObjectId objectId, boolean wasCertified)
    implements ChainEvent {}
