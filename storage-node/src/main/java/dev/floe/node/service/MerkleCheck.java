package dev.floe.node.service;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverData;

/** Delegates the Merkle-root check of a sliver to core (Red Stuff's sliver verifier). */
final class MerkleCheck {
  private MerkleCheck() {}

  static void check(VerifiedBlobMetadata metadata, SliverData sliver, int pairIndex, EncodingConfig config) {
    throw new UnsupportedOperationException("waiting for core's SliverVerifier");
  }
}
