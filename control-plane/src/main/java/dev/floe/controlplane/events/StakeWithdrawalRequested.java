package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;

/**
 * A staker asked to withdraw; the stake stops counting from {@code withdrawEpoch}.
 *
 * @param id event position
 * @param stakeId the stake position
 * @param nodeId the node
 * @param withdrawEpoch the first epoch it no longer counts in
 */
public record StakeWithdrawalRequested(EventId id, ObjectId stakeId, Address nodeId, int withdrawEpoch)
    implements ChainEvent {}
