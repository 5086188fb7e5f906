package dev.floe.node.service;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SliverVerifier;

/**
 * Checks an uploaded sliver against its blob's verified metadata before it is stored, with core's
 * {@link SliverVerifier}: type and index for the pair, symbol size, symbol count, and the Merkle root
 * of the sliver's expansion.
 */
final class SliverChecks {
  private SliverChecks() {}

  /**
   * Verifies that {@code sliver} is sliver {@code type} of pair {@code pairIndex} of the blob.
   *
   * @throws dev.floe.core.errors.InvalidSizeException for a wrong symbol size or length
   * @throws dev.floe.core.errors.HashMismatchException if the Merkle root differs from the metadata
   * @throws dev.floe.core.errors.WrongSliverException when the body holds another sliver (index or type)
   */
  static void verify(VerifiedBlobMetadata metadata, SliverData sliver, int pairIndex, SliverType type,
      EncodingConfig config) {
    int expectedIndex = type == SliverType.PRIMARY ? pairIndex : config.secondarySliverIndex(pairIndex);
    new SliverVerifier(config, metadata).verify(sliver, type, expectedIndex);
  }
}
