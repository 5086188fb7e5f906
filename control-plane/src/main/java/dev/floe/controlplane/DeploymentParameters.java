package dev.floe.controlplane;

import java.time.Duration;

/**
 * System parameters fixed at deployment.
 *
 * @param nShards number of shards n of the system (4..{@value #MAX_SHARDS}); f = floor((n-1)/3)
 * @param epochDuration length of an epoch; voting for the next committee ends half-way through,
 *     the next epoch may start after a full duration (walrus-protocol.md §5.5)
 * @param maxEpochsAhead how many epochs ahead storage can be bought (Walrus: 53)
 * @param minStake the smallest stake with which a node may be selected into a committee
 * @param maxCommitteeSize the most nodes a committee holds (the highest stakes win; Walrus: 150;
 *     at most {@value #MAX_COMMITTEE_SIZE})
 * @param maxActiveNodes the most nodes in the active set, the staked candidates committee
 *     selection reads (bounds the gas of selecting a committee; at most {@value
 *     #MAX_ACTIVE_NODES}). Registration itself is unbounded: a node enters the active set with stake
 *     of at least {@code minStake}, evicting the member with the lowest stake when the set is full
 *     and it has more.
 * @param faucetEnabled whether anyone may mint test tokens from the token's faucet (localnets only)
 * @param slashingBps the part of a node's stake, in basis points (0..{@value #MAX_SLASHING_BPS}), that
 *     is slashed (burned) when the node is reported for failing its storage challenge: every stake
 *     position that counted for the node in that epoch loses this fraction; 0 disables slashing
 */
public record DeploymentParameters(
    int nShards,
    Duration epochDuration,
    int maxEpochsAhead,
    TokenAmount minStake,
    int maxCommitteeSize,
    int maxActiveNodes,
    boolean faucetEnabled,
    int slashingBps) {

  /** Walrus's limit on epochs ahead. */
  public static final int DEFAULT_MAX_EPOCHS_AHEAD = 53;
  /** Walrus's active-set limit. */
  public static final int DEFAULT_MAX_COMMITTEE_SIZE = 150;
  /** Active-set size by default. */
  public static final int DEFAULT_MAX_ACTIVE_NODES = 300;
  /**
   * The largest system whose committee selection and epoch change fit a 30M-gas block: with
   * {@value #MAX_SHARDS} shards, {@value #MAX_ACTIVE_NODES} nodes in the active set and committees of {@value
   * #MAX_COMMITTEE_SIZE}, {@code votingEnd} takes 15.9M gas and {@code initiateEpochChange} 13.7M
   * (measured by GasReport); with 10,000 shards even 4 nodes need more than a block.
   */
  public static final int MAX_SHARDS = 1000;
  /** See {@link #MAX_SHARDS}. */
  public static final int MAX_ACTIVE_NODES = 300;
  /** See {@link #MAX_SHARDS}. */
  public static final int MAX_COMMITTEE_SIZE = 150;
  /** Slashing by default: 10 % of the stake behind a node that failed its storage challenge. */
  public static final int DEFAULT_SLASHING_BPS = 1_000;
  /** The whole stake. */
  public static final int MAX_SLASHING_BPS = 10_000;

  public DeploymentParameters {
    if (nShards < 4 || nShards > MAX_SHARDS) {
      throw new IllegalArgumentException("number of shards must be in [4, " + MAX_SHARDS + "], got " + nShards
          + " (larger systems cannot select a committee within a block's gas limit)");
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
    if (maxCommitteeSize < 1 || maxCommitteeSize > MAX_COMMITTEE_SIZE) {
      throw new IllegalArgumentException("max committee size must be in [1, " + MAX_COMMITTEE_SIZE + "], got "
          + maxCommitteeSize + " (larger committees cannot be selected within a block's gas limit)");
    }
    if (maxActiveNodes < maxCommitteeSize || maxActiveNodes > MAX_ACTIVE_NODES) {
      throw new IllegalArgumentException("max active nodes must be in [max committee size, " + MAX_ACTIVE_NODES
          + "], got " + maxActiveNodes + " (a larger active set makes committee selection exceed a block's gas limit)");
    }
    if (slashingBps < 0 || slashingBps > MAX_SLASHING_BPS) {
      throw new IllegalArgumentException("slashing must be in [0, " + MAX_SLASHING_BPS + "] basis points, got "
          + slashingBps);
    }
  }

  /** Parameters with the default slashing ({@value #DEFAULT_SLASHING_BPS} basis points). */
  public DeploymentParameters(int nShards, Duration epochDuration, int maxEpochsAhead, TokenAmount minStake,
      int maxCommitteeSize, int maxActiveNodes, boolean faucetEnabled) {
    this(nShards, epochDuration, maxEpochsAhead, minStake, maxCommitteeSize, maxActiveNodes, faucetEnabled,
        DEFAULT_SLASHING_BPS);
  }

  /** These parameters with slashing of {@code bps} basis points instead. */
  public DeploymentParameters withSlashingBps(int bps) {
    return new DeploymentParameters(nShards, epochDuration, maxEpochsAhead, minStake, maxCommitteeSize,
        maxActiveNodes, faucetEnabled, bps);
  }

  /**
   * The active-set size under its former name.
   *
   * @deprecated registration is no longer bounded; use {@link #maxActiveNodes()}
   */
  @Deprecated
  public int maxNodes() {
    return maxActiveNodes;
  }

  /** Defaults for everything but the shard count and the epoch duration; faucet enabled, default slashing. */
  public static DeploymentParameters localnet(int nShards, Duration epochDuration) {
    return new DeploymentParameters(
        nShards, epochDuration, DEFAULT_MAX_EPOCHS_AHEAD, TokenAmount.ofUnits(1),
        DEFAULT_MAX_COMMITTEE_SIZE, DEFAULT_MAX_ACTIVE_NODES, true);
  }
}
