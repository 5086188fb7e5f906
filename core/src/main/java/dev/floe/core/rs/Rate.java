package dev.floe.core.rs;

import dev.floe.core.errors.InvalidSizeException;

/**
 * The two encoding layouts of reed-solomon-simd. They give different recovery bytes whenever the
 * counts span more than one chunk, so the choice is part of the wire format.
 *
 * <ul>
 *   <li>{@link #HIGH}: recovery shards sit at field positions {@code 0..recovery}, originals at
 *       {@code chunk + i} with {@code chunk = nextPow2(recovery)}.
 *   <li>{@link #LOW}: originals sit at positions {@code 0..original}, recovery shards at {@code
 *       chunk + j} with {@code chunk = nextPow2(original)}.
 * </ul>
 */
public enum Rate {
  /** Chunks of {@code nextPow2(recoveryCount)}; used when there are more originals than recovery shards. */
  HIGH,
  /** Chunks of {@code nextPow2(originalCount)}; used when there are fewer originals than recovery shards. */
  LOW;

  /** Field order: at most this many shards in total. */
  static final int ORDER = 65536;

  /**
   * The rate reed-solomon-simd's {@code DefaultRate} picks for these counts.
   *
   * @throws InvalidSizeException if no rate supports the counts
   */
  static Rate defaultFor(int originalCount, int recoveryCount) {
    checkCounts(originalCount, recoveryCount);
    int originalPow2 = nextPow2(originalCount);
    int recoveryPow2 = nextPow2(recoveryCount);
    int smallerPow2 = Math.min(originalPow2, recoveryPow2);
    int larger = Math.max(originalCount, recoveryCount);
    if ((long) smallerPow2 + larger > ORDER) {
      throw unsupported(originalCount, recoveryCount);
    }
    if (originalPow2 < recoveryPow2) {
      return LOW;
    }
    if (originalPow2 > recoveryPow2) {
      return HIGH;
    }
    return originalCount <= recoveryCount ? HIGH : LOW;
  }

  /**
   * Whether this rate can encode the given counts (reed-solomon-simd's {@code supports}).
   */
  boolean supports(int originalCount, int recoveryCount) {
    if (originalCount <= 0 || recoveryCount <= 0 || originalCount >= ORDER || recoveryCount >= ORDER) {
      return false;
    }
    return this == HIGH
        ? (long) nextPow2(recoveryCount) + originalCount <= ORDER
        : (long) nextPow2(originalCount) + recoveryCount <= ORDER;
  }

  /** Chunk size of this rate: the power of two the transforms work in. */
  int chunkSize(int originalCount, int recoveryCount) {
    return this == HIGH ? nextPow2(recoveryCount) : nextPow2(originalCount);
  }

  static void checkCounts(int originalCount, int recoveryCount) {
    if (originalCount < 1 || recoveryCount < 1 || (long) originalCount + recoveryCount > ORDER) {
      throw unsupported(originalCount, recoveryCount);
    }
  }

  static InvalidSizeException unsupported(int originalCount, int recoveryCount) {
    return new InvalidSizeException(
        "unsupported shard counts: original "
            + originalCount
            + ", recovery "
            + recoveryCount
            + " (need original >= 1, recovery >= 1, and the smaller count rounded up to a power of two"
            + " plus the larger count at most "
            + ORDER
            + ")");
  }

  /** Smallest power of two {@code >= value} (value >= 1). */
  static int nextPow2(int value) {
    return value <= 1 ? 1 : Integer.highestOneBit(value - 1) << 1;
  }
}
