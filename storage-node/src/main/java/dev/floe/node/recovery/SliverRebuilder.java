package dev.floe.node.recovery;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.SliverType;
import java.util.function.BooleanSupplier;

/** Rebuilds one sliver of this node from peers' recovery symbols. */
public interface SliverRebuilder {
  /**
   * Rebuilds sliver {@code type} of pair {@code pairIndex}, verified against {@code metadata}.
   *
   * @param cancelled polled between peer requests; when true the rebuild stops
   * @return the sliver as BCS {@code SliverData}
   * @throws InconsistentBlobException when the symbols prove the blob's encoding inconsistent
   * @throws RecoveryException when not enough valid symbols could be obtained this round
   */
  Rebuilt rebuild(VerifiedBlobMetadata metadata, int pairIndex, SliverType type, BooleanSupplier cancelled)
      throws RecoveryException;

  /**
   * A rebuilt sliver.
   *
   * @param sliverBcs the sliver as BCS {@code SliverData}
   * @param bytesDownloaded bytes received from peers to rebuild it
   */
  record Rebuilt(byte[] sliverBcs, long bytesDownloaded) {}
}
