package dev.floe.controlplane;

import java.time.Duration;

/**
 * System parameters fixed at deployment.
 *
 * @param nShards number of shards n of the system (4..65535); f = floor((n-1)/3)
 * @param epochDuration length of an epoch; voting for the next committee ends half-way through,
 *     the next epoch may start after a full duration (walrus-protocol.md §5.5)
 * @param maxEpochsAhead how many epochs ahead storage can be bought (Walrus: 53)
 * @param minStake the smallest stake with which a node may be selected into a committee
 * @param maxCommitteeSize the most nodes a committee holds (the highest stakes win; Walrus: 150)
 * @param maxNodes the most nodes that may register (bounds the gas of an epoch change)
 * @param faucetEnabled whether anyone may mint test tokens from the token's faucet (localnets only)
 */
public record DeploymentParameters(
    int nShards,
    Duration epochDuration,
    int maxEpochsAhead,
    TokenAmount minStake,
    int maxCommitteeSize,
    int maxNodes,
    boolean faucetEnabled) {

  /** Walrus's limit on epochs ahead. */
  public static final int DEFAULT_MAX_EPOCHS_AHEAD = 53;
  /** Walrus's active-set limit. */
  public static final int DEFAULT_MAX_COMMITTEE_SIZE = 150;
  /** Registered nodes allowed by default. */
  public static final int DEFAULT_MAX_NODES = 300;

  public DeploymentParameters {
    if (nShards < 4 || nShards > 65535) {
      throw new IllegalArgumentException("number of shards must be in [4, 65535], got " + nShards);
    }
    if (epochDuration == null || epochDuration.toSeconds() < 2) {
      throw new IllegalArgumentException("epoch duration must be at least 2 seconds, got " + epochDuration);
    }
    if (maxEpochsAhead < 1 || maxEpochsAhead > 10_000) {
      throw new IllegalArgumentException("max epochs ahead must be in [1, 10000], got " + maxEpochsAhead);
    }
    if (minStake == null) {
      throw new IllegalArgumentException("minimum stake is missing");
    }
    if (maxCommitteeSize < 1 || maxCommitteeSize > 1000) {
      throw new IllegalArgumentException("max committee size must be in [1, 1000], got " + maxCommitteeSize);
    }
    if (maxNodes < maxCommitteeSize || maxNodes > 10_000) {
      throw new IllegalArgumentException(
          "max nodes must be in [max committee size, 10000], got " + maxNodes);
    }
  }

  /** Defaults for everything but the shard count and the epoch duration; faucet enabled. */
  public static DeploymentParameters localnet(int nShards, Duration epochDuration) {
    return new DeploymentParameters(
        nShards, epochDuration, DEFAULT_MAX_EPOCHS_AHEAD, TokenAmount.ofUnits(1),
        DEFAULT_MAX_COMMITTEE_SIZE, DEFAULT_MAX_NODES, true);
  }
}
