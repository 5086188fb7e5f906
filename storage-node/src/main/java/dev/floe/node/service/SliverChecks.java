package dev.floe.node.service;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InvalidSizeException;

/**
 * Checks an uploaded sliver against its blob's verified metadata before it is stored: index,
 * symbol size, length and Merkle root.
 */
final class SliverChecks {
  private SliverChecks() {}

  /**
   * Verifies that {@code sliver} is sliver {@code type} of pair {@code pairIndex} of the blob.
   *
   * @throws InvalidSizeException for a wrong index, symbol size or length
   * @throws dev.floe.core.errors.HashMismatchException if the Merkle root differs from the metadata
   */
  static void verify(VerifiedBlobMetadata metadata, SliverData sliver, int pairIndex, SliverType type,
      EncodingConfig config) {
    int expectedIndex = type == SliverType.PRIMARY ? pairIndex : config.secondarySliverIndex(pairIndex);
    if (sliver.index() != expectedIndex) {
      throw new InvalidSizeException("a " + type.name().toLowerCase(java.util.Locale.ROOT) + " sliver of pair "
          + pairIndex + " has index " + expectedIndex + ", got " + sliver.index());
    }
    int symbolSize = config.symbolSize(metadata.unencodedLength());
    if (sliver.symbolSize() != symbolSize) {
      throw new InvalidSizeException("blob " + metadata.blobId() + " has symbol size " + symbolSize
          + ", the sliver has " + sliver.symbolSize());
    }
    int symbols = config.symbolsPerSliver(type);
    if (sliver.symbolCount() != symbols) {
      throw new InvalidSizeException("a " + type.name().toLowerCase(java.util.Locale.ROOT) + " sliver has "
          + symbols + " symbols, got " + sliver.symbolCount());
    }
    // Merkle root of the sliver's expansion along the other axis, against the metadata: wired to
    // core's sliver verifier (see MerkleCheck).
    MerkleCheck.check(metadata, sliver, pairIndex, config);
  }
}
