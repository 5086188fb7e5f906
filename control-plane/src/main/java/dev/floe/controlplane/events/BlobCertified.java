package dev.floe.controlplane.events;

import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;

/**
 * A blob was certified (the point of availability) or a certified blob was extended (Walrus
 * {@code BlobCertified}).
 *
 * @param id event position
 * @param epoch epoch of the certification or extension
 * @param blobId the blob ID
 * @param endEpoch end epoch (exclusive) after this event
 * @param deletable whether the registration is deletable
 * @param objectId the registration's object ID
 * @param isExtension true for an extension of an already certified blob
 */
public record BlobCertified(
    EventId id, int epoch, BlobId blobId, int endEpoch, boolean deletable, ObjectId objectId,
    boolean isExtension) implements ChainEvent {}
