package dev.floe.node.challenge;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;

/**
 * One symbol a challenger asks of a member: recovery symbol {@code symbolIndex} of the member's
 * sliver of type {@code sliverType} of sliver pair {@code pairIndex} (stored on {@code shard}),
 * proven against that sliver.
 *
 * @param blobId the blob
 * @param shard the member's shard holding the sliver pair
 * @param pairIndex the sliver pair on that shard for this blob
 * @param sliverType the sliver (and proof axis) the symbol comes from
 * @param symbolIndex the symbol's index within the expanded sliver, in [0, n)
 */
public record ChallengedSymbol(BlobId blobId, int shard, int pairIndex, SliverType sliverType, int symbolIndex) {
  /** The symbol's position in the expanded matrix ({@code P-S}). */
  public SymbolId symbolId(EncodingConfig config) {
    return sliverType == SliverType.PRIMARY
        ? new SymbolId(pairIndex, symbolIndex)
        : new SymbolId(symbolIndex, config.secondarySliverIndex(pairIndex));
  }
}
