package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;

/**
 * Storage was reserved.
 *
 * @param id event position
 * @param storageId the reservation
 * @param owner its owner
 * @param size encoded bytes
 * @param startEpoch first epoch
 * @param endEpoch end epoch (exclusive)
 */
public record StorageReserved(EventId id, ObjectId storageId, Address owner, long size, int startEpoch, int endEpoch)
    implements ChainEvent {}
