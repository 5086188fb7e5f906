package dev.floe.core.encoding;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidProofException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.merkle.Node;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Evidence that a blob was encoded inconsistently (Walrus {@code InconsistencyProof<T>}): exactly
 * the number of recovery symbols needed to rebuild sliver {@code targetSliverIndex}, each with a
 * valid proof against its source sliver's hash, which together decode to a sliver whose Merkle root
 * differs from the metadata's hash for that sliver. Anyone holding the metadata can check it.
 *
 * <p>BCS: {@code {target_sliver_index: u16, recovery_symbols: Vec<RecoverySymbol>}}; the axis comes
 * from the context (the REST path {@code inconsistencyProof/{type}}).
 *
 * @param targetType the axis of the sliver that cannot be rebuilt consistently
 * @param targetSliverIndex its sliver index
 * @param recoverySymbols the symbols that decode to it
 */
public record InconsistencyProof(
    SliverType targetType, int targetSliverIndex, List<RecoverySymbol> recoverySymbols) {
  /** Copies the symbol list and rejects a target index that is not a u16. */
  public InconsistencyProof {
    Objects.requireNonNull(targetType, "targetType");
    if (targetSliverIndex < 0 || targetSliverIndex > 0xFFFF) {
      throw new InvalidSizeException("target sliver index must be a u16, got " + targetSliverIndex);
    }
    recoverySymbols = List.copyOf(recoverySymbols);
  }

  /**
   * Checks the proof.
   *
   * @throws InvalidProofException if the proof does not show an inconsistency: wrong symbol count,
   *     repeated source slivers, an invalid symbol, or a rebuilt sliver that matches the metadata
   */
  public void verify(EncodingConfig config, VerifiedBlobMetadata metadata) {
    SliverVerifier.checkMetadata(config, metadata);
    if (targetSliverIndex >= config.nShards()) {
      throw new InvalidProofException(
          "target sliver index " + targetSliverIndex + " is outside [0, " + config.nShards() + ")");
    }
    int needed = config.symbolsForRecovery(targetType);
    if (recoverySymbols.size() != needed) {
      throw new InvalidProofException(
          "an inconsistency proof for a " + targetType.pathSegment() + " sliver has exactly " + needed
              + " recovery symbols, got " + recoverySymbols.size());
    }
    Set<Integer> sources = new HashSet<>();
    for (RecoverySymbol s : recoverySymbols) {
      if (!sources.add(s.sourceIndex())) {
        throw new InvalidProofException("two recovery symbols come from source sliver " + s.sourceIndex());
      }
      try {
        s.verify(config, metadata, targetType, targetSliverIndex);
      } catch (InvalidProofException e) {
        throw e;
      } catch (InvalidDataException e) {
        throw new InvalidProofException(
            "recovery symbol from sliver " + s.sourceIndex() + " is invalid: " + e.getMessage(), e);
      }
    }
    Expansion expansion = new Expansion(config);
    int symbolSize = config.symbolSize(metadata.unencodedLength());
    SliverData sliver =
        expansion.decodeSliver(
            targetType, targetSliverIndex, symbolSize, recoverySymbols.stream().map(RecoverySymbol::symbol).toList());
    Node root = expansion.root(sliver);
    Node expected = metadata.hash(SliverRecovery.pairIndex(config, targetType, targetSliverIndex), targetType);
    if (root.equals(expected)) {
      throw new InvalidProofException(
          targetType.pathSegment() + " sliver " + targetSliverIndex + " of blob " + metadata.blobId()
              + " decodes consistently with the metadata: no inconsistency");
    }
  }

  /** Whether {@link #verify} passes. */
  public boolean isValid(EncodingConfig config, VerifiedBlobMetadata metadata) {
    try {
      verify(config, metadata);
      return true;
    } catch (InvalidDataException e) {
      return false;
    }
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeU16(targetSliverIndex);
    w.writeVector(recoverySymbols, (writer, s) -> s.writeBcs(writer));
  }

  /** The BCS form. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter();
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads a proof for a sliver of {@code targetType}. */
  public static InconsistencyProof readBcs(SliverType targetType, BcsReader r) {
    int target = r.readU16();
    // each symbol takes at least: index 2, data length 1, proof length 1
    List<RecoverySymbol> symbols = r.readVector(4, RecoverySymbol::readBcs);
    return new InconsistencyProof(targetType, target, symbols);
  }

  /** Decodes exactly one BCS proof for a sliver of {@code targetType}. */
  public static InconsistencyProof fromBcs(SliverType targetType, byte[] bcs) {
    Objects.requireNonNull(targetType, "targetType");
    return BcsReader.decode(bcs, r -> readBcs(targetType, r));
  }
}
