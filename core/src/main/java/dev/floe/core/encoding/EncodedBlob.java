package dev.floe.core.encoding;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import java.util.List;

/**
 * An encoded blob held in memory: its metadata and all n sliver pairs. For small blobs and tests;
 * large blobs are streamed with {@link RedStuffEncoder#encode(BlobSource, SliverSink)}.
 *
 * @param config the configuration it was encoded for
 * @param metadata the blob ID and metadata
 * @param pairs sliver pair p at position p
 */
public record EncodedBlob(EncodingConfig config, VerifiedBlobMetadata metadata, List<SliverPair> pairs) {
  /** Copies the pair list and checks that it has n pairs in order. */
  public EncodedBlob {
    pairs = List.copyOf(pairs);
    if (pairs.size() != config.nShards()) {
      throw new IllegalArgumentException("expected " + config.nShards() + " sliver pairs, got " + pairs.size());
    }
    for (int p = 0; p < pairs.size(); p++) {
      if (pairs.get(p).index() != p) {
        throw new IllegalArgumentException("sliver pair at position " + p + " has index " + pairs.get(p).index());
      }
    }
  }

  /** The blob ID. */
  public BlobId blobId() {
    return metadata.blobId();
  }

  /** Sliver pair {@code p}. */
  public SliverPair pair(int p) {
    return pairs.get(p);
  }

  /** Primary sliver {@code i} (held by pair i). */
  public SliverData primary(int i) {
    return pairs.get(i).primary();
  }

  /** Secondary sliver {@code j} (held by pair n-1-j). */
  public SliverData secondary(int j) {
    return pairs.get(config.secondarySliverIndex(j)).secondary();
  }

  /** Sliver {@code index} of {@code type}. */
  public SliverData sliver(SliverType type, int index) {
    return type == SliverType.PRIMARY ? primary(index) : secondary(index);
  }
}
