package dev.floe.controlplane;

import java.time.Duration;
import java.time.Instant;

/**
 * The chain's epoch clock. As in Walrus (walrus-protocol.md §5.5), the transitions are timed from
 * when the last epoch change completed, not from when the epoch started: a slow shard sync pushes
 * the next voting end and epoch change back rather than leaving the new committee no time.
 *
 * @param epoch the current epoch (0 is the genesis epoch, which has no committee)
 * @param phase where the epoch change state machine stands
 * @param epochStart when the current epoch started (block time)
 * @param epochDuration the length of an epoch
 * @param nShards the number of shards n
 * @param epochChangeDone when the last epoch change completed (block time; while the current
 *     epoch is still syncing, the previous one; the deployment time in the genesis epoch)
 */
public record EpochState(
    int epoch, EpochPhase phase, Instant epochStart, Duration epochDuration, int nShards, Instant epochChangeDone) {
  /** When voting for the next committee may end: last epoch change done + duration/2. */
  public Instant votingEndTime() {
    return epochChangeDone.plus(epochDuration.dividedBy(2));
  }

  /** When the next epoch may start: last epoch change done + duration. */
  public Instant nextEpochChangeTime() {
    return epochChangeDone.plus(epochDuration);
  }
}
