package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.TokenAmount;

/**
 * Stake was deposited with a node.
 *
 * @param id event position
 * @param stakeId the new stake position
 * @param nodeId the node
 * @param owner the staking account
 * @param amount the principal
 * @param activationEpoch the first epoch it counts in
 */
public record StakeDeposited(
    EventId id, ObjectId stakeId, Address nodeId, Address owner, TokenAmount amount, int activationEpoch)
    implements ChainEvent {}
