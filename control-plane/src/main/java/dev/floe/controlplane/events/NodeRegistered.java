package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;

/**
 * A storage node registered.
 *
 * @param id event position
 * @param epoch epoch of registration
 * @param nodeId the node (its operator account)
 * @param protocolKeyAddress the address its protocol key signs as
 * @param name its name
 * @param networkAddress its REST address
 */
public record NodeRegistered(
    EventId id, int epoch, Address nodeId, Address protocolKeyAddress, String name, String networkAddress)
    implements ChainEvent {}
