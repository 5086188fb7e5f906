package dev.floe.controlplane.events;

import dev.floe.controlplane.Address;
import java.util.List;

/**
 * A node reported that it holds all its shards for the epoch (Walrus {@code ShardsReceived}).
 *
 * @param id event position
 * @param epoch the epoch
 * @param nodeId the reporting node
 * @param shards the node's shards in that epoch
 */
public record ShardsReceived(EventId id, int epoch, Address nodeId, List<Integer> shards) implements ChainEvent {
  public ShardsReceived {
    shards = List.copyOf(shards);
  }
}
