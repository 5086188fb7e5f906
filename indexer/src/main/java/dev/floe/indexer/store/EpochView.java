package dev.floe.indexer.store;

import java.util.List;
import java.util.Optional;

/**
 * What is indexed about one epoch: the blocks of its transitions, which nodes reported their
 * shards synced, and which failed their storage challenge (and forfeited the epoch's rewards).
 *
 * @param epoch the epoch
 * @param paramsSelectedBlock the block in which its committee was selected (voting ended)
 * @param changeStartedBlock the block in which it started
 * @param changeDoneBlock the block in which a quorum of its shards had synced
 * @param shardSyncs the nodes that reported their shards for it
 * @param challengeFailures the nodes found failing their storage challenge in it, by node ID
 */
public record EpochView(
    int epoch, Optional<Long> paramsSelectedBlock, Optional<Long> changeStartedBlock, Optional<Long> changeDoneBlock,
    List<ShardSync> shardSyncs, List<String> challengeFailures) {
  public EpochView {
    shardSyncs = List.copyOf(shardSyncs);
    challengeFailures = List.copyOf(challengeFailures);
  }
}
