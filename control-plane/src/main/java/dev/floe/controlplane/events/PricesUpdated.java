package dev.floe.controlplane.events;

import dev.floe.controlplane.TokenAmount;

/**
 * The storage prices changed (after a vote or an epoch change) (Walrus {@code PricesUpdated}).
 *
 * @param id event position
 * @param epoch the epoch
 * @param storagePricePerUnit the new price per unit per epoch
 * @param writePricePerUnit the new write price per unit
 */
public record PricesUpdated(EventId id, int epoch, TokenAmount storagePricePerUnit, TokenAmount writePricePerUnit)
    implements ChainEvent {}
