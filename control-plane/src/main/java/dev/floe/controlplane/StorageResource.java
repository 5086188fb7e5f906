package dev.floe.controlplane;

/**
 * Reserved storage: {@code size} bytes of encoded capacity for epochs [startEpoch, endEpoch).
 * Registering a blob consumes it; deleting a deletable blob returns it to its owner.
 *
 * @param id the reservation's object ID
 * @param owner who may use it
 * @param startEpoch first epoch covered
 * @param endEpoch end epoch (exclusive)
 * @param size encoded bytes reserved
 * @param inUse whether a blob currently uses it
 */
public record StorageResource(ObjectId id, Address owner, int startEpoch, int endEpoch, long size, boolean inUse) {}
