package dev.floe.indexer.store;

import java.util.List;

/**
 * A node's report that it holds its shards for an epoch.
 *
 * @param nodeId the node (0x-hex)
 * @param shards the shards it reported
 */
public record ShardSync(String nodeId, List<Integer> shards) {
  public ShardSync {
    shards = List.copyOf(shards);
  }
}
