package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.TokenAmount;

/**
 * A stake position was paid out.
 *
 * @param id event position
 * @param stakeId the stake position
 * @param nodeId the node
 * @param owner the staking account
 * @param principal the principal returned
 * @param rewards the rewards paid with it
 */
public record StakeWithdrawn(
    EventId id, ObjectId stakeId, Address nodeId, Address owner, TokenAmount principal, TokenAmount rewards)
    implements ChainEvent {}
