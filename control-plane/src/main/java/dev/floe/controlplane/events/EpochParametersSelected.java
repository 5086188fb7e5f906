package dev.floe.controlplane.events;

/**
 * Voting ended: the committee of the next epoch is selected (Walrus {@code EpochParametersSelected}).
 *
 * @param id event position
 * @param nextEpoch the epoch whose committee was selected
 */
public record EpochParametersSelected(EventId id, int nextEpoch) implements ChainEvent {}
