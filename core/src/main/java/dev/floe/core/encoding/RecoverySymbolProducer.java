package dev.floe.core.encoding;

import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import java.util.Arrays;
import java.util.Objects;

/**
 * Produces recovery symbols from one sliver a node holds. The sliver is expanded once along the
 * orthogonal axis (a primary sliver with the row code, a secondary one with the column code) and
 * the Merkle tree over the n expanded symbols is built once; symbol t of the expansion, with the
 * proof of leaf t, helps rebuild sliver t of the other axis. Thread-safe.
 */
public final class RecoverySymbolProducer {
  private final EncodingConfig config;
  private final SliverData source;
  private final byte[] expanded;
  private final MerkleTree tree;

  /**
   * Prepares symbols from {@code source}.
   *
   * @throws dev.floe.core.errors.InvalidSizeException if the sliver does not have the symbol count
   *     of its axis, an even symbol size, or an index below n
   */
  public RecoverySymbolProducer(EncodingConfig config, SliverData source) {
    this.config = Objects.requireNonNull(config, "config");
    this.source = Objects.requireNonNull(source, "source");
    Expansion.Expanded e = new Expansion(config).tree(source);
    this.expanded = e.symbols();
    this.tree = e.tree();
  }

  /** The sliver the symbols come from. */
  public SliverData source() {
    return source;
  }

  /** The axis of the slivers these symbols rebuild: the source's orthogonal axis. */
  public SliverType targetType() {
    return source.type().orthogonal();
  }

  /** The Merkle root of the source sliver (its hash in the metadata, if the sliver is genuine). */
  public Node root() {
    return tree.root();
  }

  /** The symbol at the intersection with target sliver {@code targetIndex}, without proof. */
  public DecodingSymbol decodingSymbol(int targetIndex) {
    config.checkIndex(targetIndex);
    int s = source.symbolSize();
    return DecodingSymbol.wrap(
        source.index(), Arrays.copyOfRange(expanded, targetIndex * s, (targetIndex + 1) * s));
  }

  /** The symbol for target sliver {@code targetIndex} with the proof of leaf {@code targetIndex}. */
  public RecoverySymbol recoverySymbol(int targetIndex) {
    return new RecoverySymbol(decodingSymbol(targetIndex), tree.proof(targetIndex));
  }

  /** {@link #recoverySymbol} with its target, as served over REST. */
  public GeneralRecoverySymbol generalRecoverySymbol(int targetIndex) {
    return GeneralRecoverySymbol.of(targetType(), targetIndex, recoverySymbol(targetIndex));
  }

  /**
   * The symbol at {@code id}, which must lie on the source sliver.
   *
   * @throws dev.floe.core.errors.InvalidDataException if {@code id} is not on this sliver
   */
  public GeneralRecoverySymbol generalRecoverySymbol(SymbolId id) {
    id.checkWithin(config);
    if (id.index(source.type()) != source.index()) {
      throw new dev.floe.core.errors.InvalidDataException(
          "symbol " + id + " does not lie on " + source);
    }
    return generalRecoverySymbol(id.index(targetType()));
  }
}
