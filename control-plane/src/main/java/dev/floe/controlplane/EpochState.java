package dev.floe.controlplane;

import java.time.Duration;
import java.time.Instant;

/**
 * The chain's epoch clock.
 *
 * @param epoch the current epoch (0 is the genesis epoch, which has no committee)
 * @param phase where the epoch change state machine stands
 * @param epochStart when the current epoch started (block time)
 * @param epochDuration the length of an epoch
 * @param nShards the number of shards n
 */
public record EpochState(int epoch, EpochPhase phase, Instant epochStart, Duration epochDuration, int nShards) {
  /** When voting for the next committee may end: start + duration/2. */
  public Instant votingEndTime() {
    return epochStart.plus(epochDuration.dividedBy(2));
  }

  /** When the next epoch may start: start + duration. */
  public Instant nextEpochChangeTime() {
    return epochStart.plus(epochDuration);
  }
}
