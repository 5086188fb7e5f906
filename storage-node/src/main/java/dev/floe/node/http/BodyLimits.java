package dev.floe.node.http;

import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;

/**
 * Request body limits, sized from the shard count and the largest blob the node accepts: a
 * metadata body holds n hash pairs, a sliver at most (n-f) symbols of the largest symbol size, an
 * inconsistency proof n-f symbols with Merkle proofs. Anything larger is refused with 413 before
 * it is buffered.
 *
 * @param metadataBytes limit of {@code PUT .../metadata}
 * @param sliverBytes limit of {@code PUT .../slivers/...}
 * @param proofBytes limit of {@code POST .../inconsistencyProof/...}
 */
public record BodyLimits(long metadataBytes, long sliverBytes, long proofBytes) {
  private static final int HEADROOM = 64;

  /** Limits for {@code config} and blobs of at most {@code maxBlobSize} bytes. */
  public static BodyLimits of(EncodingConfig config, long maxBlobSize) {
    int n = config.nShards();
    long metadata = 66L * n + HEADROOM;
    int symbolSize = config.symbolSize(Math.min(maxBlobSize, config.maxBlobSize()));
    long sliver = (long) config.symbolsPerSliver(SliverType.PRIMARY) * symbolSize + HEADROOM;
    int depth = 33 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1));
    long perSymbol = symbolSize + 16 + 33L * (depth + 1);
    long proof = (long) config.symbolsForRecovery(SliverType.PRIMARY) * perSymbol + HEADROOM;
    return new BodyLimits(metadata, sliver, proof);
  }
}
