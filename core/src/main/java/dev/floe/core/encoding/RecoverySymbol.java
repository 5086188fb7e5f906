package dev.floe.core.encoding;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidProofException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.merkle.MerkleProof;
import dev.floe.core.merkle.Node;
import java.util.Objects;

/**
 * A symbol for rebuilding a sliver, with a Merkle proof that it belongs to its source sliver
 * (Walrus {@code RecoverySymbol<T, MerkleProof>}). For a target primary sliver i the symbol comes
 * from secondary sliver j = {@code symbol.index()} (leaf i of j's expanded column); for a target
 * secondary sliver j it comes from primary sliver i = {@code symbol.index()} (leaf j of i's
 * expanded row). The proof is checked against the source sliver's hash in the metadata, with the
 * target index as leaf index. The target axis is not on the wire; it comes from the context.
 *
 * <p>BCS: {@code {symbol: DecodingSymbol, proof: MerkleProof}}.
 *
 * @param symbol the symbol and its source sliver index
 * @param proof the path from leaf {@code targetIndex} to the source sliver's root
 */
public record RecoverySymbol(DecodingSymbol symbol, MerkleProof proof) {
  /** Rejects nulls. */
  public RecoverySymbol {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(proof, "proof");
  }

  /** The index of the sliver the symbol was computed from. */
  public int sourceIndex() {
    return symbol.index();
  }

  /**
   * Checks that this symbol is the symbol at {@code targetIndex} of its source sliver as committed
   * in {@code metadata}.
   *
   * @param targetType the axis of the sliver being rebuilt (the source is the other axis)
   * @throws InvalidSizeException for an index outside [0, n) or a wrong symbol size
   * @throws InvalidProofException if the proof does not lead to the source sliver's hash
   */
  public void verify(
      EncodingConfig config, VerifiedBlobMetadata metadata, SliverType targetType, int targetIndex) {
    int n = config.nShards();
    SliverVerifier.checkMetadata(config, metadata);
    if (targetIndex < 0 || targetIndex >= n) {
      throw new InvalidSizeException("target sliver index " + targetIndex + " is outside [0, " + n + ")");
    }
    if (symbol.index() >= n) {
      throw new InvalidSizeException("source sliver index " + symbol.index() + " is outside [0, " + n + ")");
    }
    int symbolSize = config.symbolSize(metadata.unencodedLength());
    if (symbol.length() != symbolSize) {
      throw new InvalidSizeException(
          "recovery symbol from sliver " + symbol.index() + " has " + symbol.length() + " bytes, the blob's symbols have "
              + symbolSize);
    }
    proof.check(symbol.raw(), 0, symbol.length(), targetIndex, n, sourceHash(config, metadata, targetType));
  }

  /** Whether {@link #verify} passes. */
  public boolean isValid(
      EncodingConfig config, VerifiedBlobMetadata metadata, SliverType targetType, int targetIndex) {
    try {
      verify(config, metadata, targetType, targetIndex);
      return true;
    } catch (InvalidDataException e) {
      return false;
    }
  }

  private Node sourceHash(EncodingConfig config, VerifiedBlobMetadata metadata, SliverType targetType) {
    SliverType sourceType = targetType.orthogonal();
    int pair =
        sourceType == SliverType.PRIMARY ? symbol.index() : config.secondarySliverIndex(symbol.index());
    return metadata.hash(pair, sourceType);
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    symbol.writeBcs(w);
    proof.writeBcs(w);
  }

  /** The BCS form. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(symbol.length() + 8 + proof.path().size() * 33);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads one recovery symbol. */
  public static RecoverySymbol readBcs(BcsReader r) {
    DecodingSymbol symbol = DecodingSymbol.readBcs(r);
    return new RecoverySymbol(symbol, MerkleProof.readBcs(r));
  }

  /** Decodes exactly one BCS recovery symbol. */
  public static RecoverySymbol fromBcs(byte[] bcs) {
    return BcsReader.decode(bcs, RecoverySymbol::readBcs);
  }
}
