package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;

/**
 * A node changed its metadata, votes, commission or protocol key; read the node for the new values.
 *
 * @param id event position
 * @param epoch epoch of the change
 * @param nodeId the node
 */
public record NodeUpdated(EventId id, int epoch, Address nodeId) implements ChainEvent {}
