package dev.floe.controlplane.events;

import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;

/**
 * A blob was registered (Walrus {@code BlobRegistered}).
 *
 * @param id event position
 * @param epoch epoch of registration
 * @param blobId the blob ID
 * @param size unencoded size in bytes
 * @param encodingType the encoding
 * @param endEpoch end epoch (exclusive)
 * @param deletable whether the registration is deletable
 * @param objectId the registration's object ID
 */
public record BlobRegistered(
    EventId id, int epoch, BlobId blobId, long size, EncodingType encodingType, int endEpoch,
    boolean deletable, ObjectId objectId) implements ChainEvent {}
