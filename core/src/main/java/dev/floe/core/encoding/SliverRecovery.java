package dev.floe.core.encoding;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.NotEnoughSymbolsException;
import dev.floe.core.merkle.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Rebuilds one sliver from recovery symbols sent by other nodes: a primary sliver from n-f symbols
 * (computed from n-f distinct secondary slivers), a secondary sliver from n-2f (from primary
 * slivers). Each symbol is verified against the metadata hash of its source sliver when it is
 * added; the rebuilt sliver is checked against the target's hash, and if it does not match, the
 * outcome is an {@link InconsistencyProof} built from exactly the symbols used.
 *
 * <p>Not thread-safe: one instance collects the symbols of one recovery.
 */
public final class SliverRecovery {
  private final EncodingConfig config;
  private final VerifiedBlobMetadata metadata;
  private final SliverType targetType;
  private final int targetIndex;
  private final Expansion expansion;
  private final int symbolSize;
  private final TreeMap<Integer, RecoverySymbol> accepted = new TreeMap<>();

  /** Starts the recovery of sliver {@code targetIndex} of {@code targetType}. */
  public SliverRecovery(
      EncodingConfig config, VerifiedBlobMetadata metadata, SliverType targetType, int targetIndex) {
    this.config = Objects.requireNonNull(config, "config");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.targetType = Objects.requireNonNull(targetType, "targetType");
    SliverVerifier.checkMetadata(config, metadata);
    config.checkIndex(targetIndex);
    this.targetIndex = targetIndex;
    this.expansion = new Expansion(config);
    this.symbolSize = config.symbolSize(metadata.unencodedLength());
  }

  /** Symbols needed: n-f for a primary sliver, n-2f for a secondary one. */
  public int symbolsNeeded() {
    return config.symbolsForRecovery(targetType);
  }

  /** Verified symbols collected so far (from distinct source slivers). */
  public int symbolsAccepted() {
    return accepted.size();
  }

  /** Whether enough symbols have been collected to call {@link #recover()}. */
  public boolean isReady() {
    return accepted.size() >= symbolsNeeded();
  }

  /**
   * Verifies and adds one symbol.
   *
   * @return true if it was added, false if a symbol from the same source sliver is already held
   * @throws dev.floe.core.errors.InvalidProofException if its proof does not verify
   * @throws dev.floe.core.errors.InvalidSizeException for a bad index or symbol size
   */
  public boolean add(RecoverySymbol symbol) {
    Objects.requireNonNull(symbol, "symbol");
    if (accepted.containsKey(symbol.sourceIndex())) {
      return false;
    }
    symbol.verify(config, metadata, targetType, targetIndex);
    accepted.put(symbol.sourceIndex(), symbol);
    return true;
  }

  /**
   * Rebuilds the sliver from the first {@link #symbolsNeeded()} symbols (by source index).
   *
   * @throws NotEnoughSymbolsException if fewer symbols were added
   */
  public RecoveryOutcome recover() {
    int needed = symbolsNeeded();
    if (accepted.size() < needed) {
      throw new NotEnoughSymbolsException(
          "recovering " + targetType.pathSegment() + " sliver " + targetIndex + " of blob " + metadata.blobId()
              + " needs " + needed + " verified symbols, have " + accepted.size());
    }
    List<RecoverySymbol> used = new ArrayList<>(needed);
    for (RecoverySymbol s : accepted.values()) {
      if (used.size() == needed) {
        break;
      }
      used.add(s);
    }
    SliverData sliver =
        expansion.decodeSliver(targetType, targetIndex, symbolSize, used.stream().map(RecoverySymbol::symbol).toList());
    Node root = expansion.root(sliver);
    Node expected = metadata.hash(pairIndex(config, targetType, targetIndex), targetType);
    if (root.equals(expected)) {
      return new RecoveryOutcome.Recovered(sliver);
    }
    return new RecoveryOutcome.Inconsistent(new InconsistencyProof(targetType, targetIndex, used));
  }

  static int pairIndex(EncodingConfig config, SliverType type, int sliverIndex) {
    return type == SliverType.PRIMARY ? sliverIndex : config.secondarySliverIndex(sliverIndex);
  }
}
