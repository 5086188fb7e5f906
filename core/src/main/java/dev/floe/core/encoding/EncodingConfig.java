package dev.floe.core.encoding;

import dev.floe.core.blob.EncodingType;
import dev.floe.core.committee.Bft;
import dev.floe.core.errors.InvalidSizeException;

/**
 * The Red Stuff (RS2) parameters of a system with {@code n} shards (Walrus encoding/config.rs).
 *
 * <p>The message matrix has {@link #primarySourceSymbols()} = n-2f rows and {@link
 * #secondarySourceSymbols()} = n-f columns of {@code symbolSize}-byte symbols. Primary sliver i is
 * row i of the expanded n x (n-f) matrix; secondary sliver j is column j of the (n-2f) x n matrix.
 * Immutable and thread-safe.
 */
public record EncodingConfig(int nShards) {
  /** Smallest supported committee: f must be at least 1. */
  public static final int MIN_SHARDS = 4;
  /** Shard indices are u16 on the wire. */
  public static final int MAX_SHARDS = 65535;
  /** RS2 symbols are even-sized and fit a u16: at most 65534 bytes. */
  public static final int MAX_SYMBOL_SIZE = 65534;

  public EncodingConfig {
    if (nShards < MIN_SHARDS || nShards > MAX_SHARDS) {
      throw new InvalidSizeException(
          "number of shards must be in [" + MIN_SHARDS + ", " + MAX_SHARDS + "], got " + nShards);
    }
  }

  public EncodingType encodingType() {
    return EncodingType.RS2;
  }

  /** f, the number of shards that may be faulty. */
  public int maxFaulty() {
    return Bft.maxFaulty(nShards);
  }

  /** n - 2f: rows of the message matrix, symbols per secondary sliver. */
  public int primarySourceSymbols() {
    return nShards - 2 * maxFaulty();
  }

  /** n - f: columns of the message matrix, symbols per primary sliver. */
  public int secondarySourceSymbols() {
    return nShards - maxFaulty();
  }

  /** Source symbols of the code along {@code axis}: n-2f for primary, n-f for secondary. */
  public int sourceSymbols(SliverType axis) {
    return axis == SliverType.PRIMARY ? primarySourceSymbols() : secondarySourceSymbols();
  }

  /** Symbols in one sliver of {@code type}: n-f for primary slivers, n-2f for secondary. */
  public int symbolsPerSliver(SliverType type) {
    return type == SliverType.PRIMARY ? secondarySourceSymbols() : primarySourceSymbols();
  }

  /**
   * Symbols needed to recover a sliver of {@code type}: a primary sliver is rebuilt from n-f
   * symbols of the secondary slivers, a secondary one from n-2f symbols of the primary slivers.
   */
  public int symbolsForRecovery(SliverType type) {
    return type == SliverType.PRIMARY ? secondarySourceSymbols() : primarySourceSymbols();
  }

  /** Number of source symbols in the message matrix: (n-2f)(n-f). */
  public long sourceSymbolCount() {
    return (long) primarySourceSymbols() * secondarySourceSymbols();
  }

  /** The largest blob this configuration can encode: (n-2f)(n-f) x 65534 bytes. */
  public long maxBlobSize() {
    return sourceSymbolCount() * MAX_SYMBOL_SIZE;
  }

  /**
   * The symbol size for a blob of {@code unencodedLength} bytes: ceil(max(L,1) / ((n-2f)(n-f)))
   * rounded up to even.
   */
  public int symbolSize(long unencodedLength) {
    if (unencodedLength < 0) {
      throw new InvalidSizeException("blob length must not be negative, got " + unencodedLength);
    }
    long symbols = sourceSymbolCount();
    long length = Math.max(unencodedLength, 1);
    long size = (length + symbols - 1) / symbols;
    if ((size & 1) == 1) {
      size++;
    }
    if (size > MAX_SYMBOL_SIZE) {
      throw new InvalidSizeException(
          "blob of " + unencodedLength + " bytes exceeds the maximum of " + maxBlobSize()
              + " bytes for " + nShards + " shards");
    }
    return (int) size;
  }

  /** Bytes of a sliver of {@code type} for a blob of the given length. */
  public int sliverSize(SliverType type, long unencodedLength) {
    return symbolsPerSliver(type) * symbolSize(unencodedLength);
  }

  /**
   * The encoded length the contracts bill: {@code n * ((n_p + n_s) * S + n * 64 + 32)} (Walrus
   * redstuff.move).
   */
  public long encodedLength(long unencodedLength) {
    long s = symbolSize(unencodedLength);
    return (long) nShards * ((primarySourceSymbols() + secondarySourceSymbols()) * s + nShards * 64L + 32);
  }

  /** The secondary sliver index paired with primary sliver {@code pairIndex}: n-1-p. */
  public int secondarySliverIndex(int pairIndex) {
    checkIndex(pairIndex);
    return nShards - 1 - pairIndex;
  }

  /** The shard that stores sliver pair {@code pairIndex} of a blob with the given rotation. */
  public int shardForPair(int pairIndex, int rotationOffset) {
    checkIndex(pairIndex);
    return (pairIndex + rotationOffset) % nShards;
  }

  /** The sliver pair stored by {@code shardIndex} for a blob with the given rotation. */
  public int pairForShard(int shardIndex, int rotationOffset) {
    checkIndex(shardIndex);
    return (nShards + shardIndex - rotationOffset % nShards) % nShards;
  }

  /** Rejects an index outside [0, n). */
  public void checkIndex(int index) {
    if (index < 0 || index >= nShards) {
      throw new InvalidSizeException("index " + index + " is outside [0, " + nShards + ")");
    }
  }
}
