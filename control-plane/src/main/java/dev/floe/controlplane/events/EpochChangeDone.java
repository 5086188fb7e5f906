package dev.floe.controlplane.events;

/**
 * Nodes holding a quorum of the new committee's shards reported their shards synced (Walrus
 * {@code EpochChangeDone}).
 *
 * @param id event position
 * @param epoch the epoch whose change completed
 */
public record EpochChangeDone(EventId id, int epoch) implements ChainEvent {}
