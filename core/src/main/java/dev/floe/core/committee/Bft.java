package dev.floe.core.committee;

import dev.floe.core.errors.InvalidSizeException;

/**
 * Byzantine thresholds for a system of {@code n} shards. Thresholds always count shards (stake
 * weight), never nodes: a quorum is more than 2f shards, validity more than f.
 */
public final class Bft {
  private Bft() {}

  /** f = floor((n-1)/3), the number of shards that may be faulty. */
  public static int maxFaulty(int nShards) {
    checkShards(nShards);
    return (nShards - 1) / 3;
  }

  /** n - f, the minimum number of correct shards (also the quorum weight 2f+1 when n = 3f+1). */
  public static int minCorrect(int nShards) {
    return nShards - maxFaulty(nShards);
  }

  /** True iff {@code weight} shards form a quorum: {@code 3w >= 2n+1}, as the contracts check. */
  public static boolean isQuorum(long weight, int nShards) {
    checkShards(nShards);
    return 3 * weight >= 2L * nShards + 1;
  }

  /** True iff {@code weight} shards include at least one correct shard: {@code 3w >= n+1}. */
  public static boolean isValidity(long weight, int nShards) {
    checkShards(nShards);
    return 3 * weight >= (long) nShards + 1;
  }

  /** The smallest weight that is a quorum. */
  public static int quorumWeight(int nShards) {
    checkShards(nShards);
    return (2 * nShards + 1 + 2) / 3;
  }

  /** The smallest weight that is valid (f+1 when n = 3f+1). */
  public static int validityWeight(int nShards) {
    checkShards(nShards);
    return (nShards + 1 + 2) / 3;
  }

  private static void checkShards(int nShards) {
    if (nShards < 1 || nShards > 65535) {
      throw new InvalidSizeException("number of shards must be in [1, 65535], got " + nShards);
    }
  }
}
