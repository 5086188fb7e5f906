package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.TokenAmount;

/**
 * A node's stake pool was slashed because the node failed its storage challenge in {@code epoch}
 * (emitted with {@link StorageChallengeFailed} when the deployment slashes): every stake position
 * that counted for the node in that epoch lost the deployment's slashing fraction, pro rata. The
 * slashed tokens are burned, never paid to anyone (a Floe extension).
 *
 * @param id event position
 * @param epoch the epoch of the failed challenge
 * @param nodeId the slashed node
 * @param amount the stake the pool lost (each position's part is burned when it is paid out)
 */
public record StakeSlashed(EventId id, int epoch, Address nodeId, TokenAmount amount) implements ChainEvent {}
