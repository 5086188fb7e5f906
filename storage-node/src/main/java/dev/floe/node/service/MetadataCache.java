package dev.floe.node.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreException;
import java.util.Optional;

/**
 * Decoded, verified metadata of stored blobs, so a sliver upload does not re-parse and re-hash its
 * blob's metadata. Bounded by entry count.
 */
public final class MetadataCache {
  private final SliverStore store;
  private final Cache<BlobId, VerifiedBlobMetadata> cache;

  public MetadataCache(SliverStore store, int maxEntries) {
    this.store = store;
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  /** The stored metadata of {@code blobId}, verified against {@code config}. */
  public Optional<VerifiedBlobMetadata> get(BlobId blobId, EncodingConfig config) {
    VerifiedBlobMetadata m = cache.getIfPresent(blobId);
    if (m != null) {
      return Optional.of(m);
    }
    Optional<byte[]> bytes = store.metadata(blobId);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      VerifiedBlobMetadata verified = BlobMetadataWithId.fromBcs(bytes.get()).verify(config);
      cache.put(blobId, verified);
      return Optional.of(verified);
    } catch (RuntimeException e) {
      throw new StoreException("stored metadata of " + blobId + " no longer verifies: " + e.getMessage(), e);
    }
  }

  /** Adds freshly verified metadata. */
  public void put(VerifiedBlobMetadata metadata) {
    cache.put(metadata.blobId(), metadata);
  }

  /** Forgets a removed blob. */
  public void invalidate(BlobId blobId) {
    cache.invalidate(blobId);
  }
}
