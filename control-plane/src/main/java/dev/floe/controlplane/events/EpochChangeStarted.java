package dev.floe.controlplane.events;

/**
 * A new epoch started: the new committee takes over and shards move (Walrus {@code EpochChangeStart}).
 *
 * @param id event position
 * @param epoch the new epoch
 */
public record EpochChangeStarted(EventId id, int epoch) implements ChainEvent {}
