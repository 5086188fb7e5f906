package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;

/**
 * A committee member failed its storage challenge: attestations of more than f shards were reported
 * on-chain, and the node forfeits the rewards of {@code epoch} to the other members (a Floe
 * extension; Walrus has no storage challenges).
 *
 * @param id event position
 * @param epoch the epoch of the failed challenge (the epoch of the report)
 * @param nodeId the node that failed
 */
public record StorageChallengeFailed(EventId id, int epoch, Address nodeId) implements ChainEvent {}
