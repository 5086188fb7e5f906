package dev.floe.controlplane;

/**
 * A node's votes on prices and capacity. The system's prices are the shard-weighted
 * "quorum below" of the current committee's votes: the lowest vote such that members holding a
 * quorum of shards voted at or below it; capacity is the "quorum above" of each member's capacity
 * scaled to the whole system.
 *
 * @param storagePricePerUnit price of one storage unit (1 MiB of encoded size) for one epoch
 * @param writePricePerUnit one-time price of writing one storage unit
 * @param capacityBytes the storage the node offers, in bytes
 */
public record NodeVotes(TokenAmount storagePricePerUnit, TokenAmount writePricePerUnit, long capacityBytes) {
  public NodeVotes {
    if (storagePricePerUnit == null || writePricePerUnit == null) {
      throw new IllegalArgumentException("price votes are required");
    }
    if (storagePricePerUnit.units().bitLength() > 64 || writePricePerUnit.units().bitLength() > 64) {
      throw new IllegalArgumentException("price votes must fit 64 bits");
    }
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacity must not be negative, got " + capacityBytes);
    }
  }
}
