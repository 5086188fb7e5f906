package dev.floe.core.encoding;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.merkle.MerkleProof;
import java.util.List;
import java.util.Objects;

/**
 * A recovery symbol that names its own target, as served by {@code GET
 * /v1/blobs/{id}/recoverySymbols} (Walrus {@code GeneralRecoverySymbol}).
 *
 * <p>BCS: {@code {symbol: EitherDecodingSymbol (Primary = 0 | Secondary = 1, then the
 * DecodingSymbol), target_index: u16, proof: MerkleProof}}. The variant is the axis of the target
 * sliver; the symbol's index is its source sliver on the other axis.
 *
 * @param targetType the axis of the sliver the symbol helps rebuild
 * @param symbol the symbol and its source sliver index
 * @param targetIndex the index of the target sliver, also the proof's leaf index
 * @param proof the path to the source sliver's root
 */
public record GeneralRecoverySymbol(
    SliverType targetType, DecodingSymbol symbol, int targetIndex, MerkleProof proof) {
  /** Rejects nulls and a target index that is not a u16. */
  public GeneralRecoverySymbol {
    Objects.requireNonNull(targetType, "targetType");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(proof, "proof");
    if (targetIndex < 0 || targetIndex > 0xFFFF) {
      throw new InvalidSizeException("target index must be a u16, got " + targetIndex);
    }
  }

  /** Wraps a recovery symbol for the given target. */
  public static GeneralRecoverySymbol of(SliverType targetType, int targetIndex, RecoverySymbol symbol) {
    return new GeneralRecoverySymbol(targetType, symbol.symbol(), targetIndex, symbol.proof());
  }

  /** The symbol's position in the expanded matrix. */
  public SymbolId id() {
    return targetType == SliverType.PRIMARY
        ? new SymbolId(targetIndex, symbol.index())
        : new SymbolId(symbol.index(), targetIndex);
  }

  /** The axis of the sliver the symbol and its proof come from. */
  public SliverType sourceType() {
    return targetType.orthogonal();
  }

  /** The symbol with its proof, without the target. */
  public RecoverySymbol toRecoverySymbol() {
    return new RecoverySymbol(symbol, proof);
  }

  /** Checks the symbol against {@code metadata}; see {@link RecoverySymbol#verify}. */
  public void verify(EncodingConfig config, VerifiedBlobMetadata metadata) {
    toRecoverySymbol().verify(config, metadata, targetType, targetIndex);
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeEnumIndex(targetType.bcsIndex());
    symbol.writeBcs(w);
    w.writeU16(targetIndex);
    proof.writeBcs(w);
  }

  /** The BCS form. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(symbol.length() + 12 + proof.path().size() * 33);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads one symbol. */
  public static GeneralRecoverySymbol readBcs(BcsReader r) {
    SliverType type = SliverType.fromBcsIndex(r.readEnumIndex(2, "EitherDecodingSymbol"));
    DecodingSymbol symbol = DecodingSymbol.readBcs(r);
    int target = r.readU16();
    return new GeneralRecoverySymbol(type, symbol, target, MerkleProof.readBcs(r));
  }

  /** Decodes exactly one BCS symbol. */
  public static GeneralRecoverySymbol fromBcs(byte[] bcs) {
    return BcsReader.decode(bcs, GeneralRecoverySymbol::readBcs);
  }

  /** The BCS form of {@code Vec<GeneralRecoverySymbol>}, the recoverySymbols response body. */
  public static byte[] listToBcs(List<GeneralRecoverySymbol> symbols) {
    BcsWriter w = new BcsWriter();
    w.writeVector(symbols, (writer, s) -> s.writeBcs(writer));
    return w.toByteArray();
  }

  /** Decodes exactly one BCS {@code Vec<GeneralRecoverySymbol>}. */
  public static List<GeneralRecoverySymbol> listFromBcs(byte[] bcs) {
    // each element takes at least: variant 1, index 2, data length 1, target 2, proof length 1
    return List.copyOf(BcsReader.decode(bcs, r -> r.readVector(7, GeneralRecoverySymbol::readBcs)));
  }
}
