package dev.floe.node.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.ErrorReason;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verified uploads of blobs whose registration the node has not seen yet ({@code ?pending=true}),
 * bounded by total bytes and kept for a limited time. When the registration arrives the event
 * processor moves them into the store; when they expire they are dropped. A full cache rejects new
 * uploads ({@link ErrorReason#PENDING_CACHE_FULL}) rather than evicting others.
 */
public final class PendingUploads {
  /** One buffered sliver. */
  public record SliverKey(int pairIndex, SliverType type) {}

  /** The buffered state of one blob; immutable. */
  public record PendingBlob(byte[] metadataBcs, Map<SliverKey, byte[]> slivers) {
    public PendingBlob {
      slivers = Map.copyOf(slivers);
    }

    long bytes() {
      long b = metadataBcs.length + 128;
      for (byte[] s : slivers.values()) {
        b += s.length + 64;
      }
      return b;
    }
  }

  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();
  private final Cache<BlobId, PendingBlob> cache;

  /** A cache holding at most {@code maxBytes} for at most {@code ttl}. */
  public PendingUploads(long maxBytes, Duration ttl) {
    this.maxBytes = maxBytes;
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .removalListener((BlobId k, PendingBlob v, RemovalCause cause) -> {
          if (v != null && cause != RemovalCause.REPLACED) {
            bytes.addAndGet(-v.bytes());
          }
        })
        .executor(Runnable::run)
        .build();
  }

  /** Buffers verified metadata (BCS {@code BlobMetadataWithId}); returns false if already buffered. */
  public synchronized boolean putMetadata(BlobId blobId, byte[] metadataBcs) {
    PendingBlob existing = cache.getIfPresent(blobId);
    if (existing != null) {
      return false;
    }
    PendingBlob blob = new PendingBlob(metadataBcs, Map.of());
    reserve(blob.bytes());
    cache.put(blobId, blob);
    return true;
  }

  /** The buffered metadata of the blob. */
  public Optional<byte[]> metadata(BlobId blobId) {
    return Optional.ofNullable(cache.getIfPresent(blobId)).map(PendingBlob::metadataBcs);
  }

  /**
   * Buffers a verified sliver; the blob's metadata must be buffered first. Returns false if the
   * sliver was already buffered.
   */
  public synchronized boolean putSliver(BlobId blobId, int pairIndex, SliverType type, byte[] bcs) {
    PendingBlob existing = cache.getIfPresent(blobId);
    if (existing == null) {
      throw new NodeException(ErrorReason.METADATA_NOT_STORED,
          "metadata of blob " + blobId + " must be uploaded before its slivers");
    }
    SliverKey key = new SliverKey(pairIndex, type);
    if (existing.slivers().containsKey(key)) {
      return false;
    }
    Map<SliverKey, byte[]> slivers = new HashMap<>(existing.slivers());
    slivers.put(key, bcs);
    PendingBlob next = new PendingBlob(existing.metadataBcs(), slivers);
    long delta = next.bytes() - existing.bytes();
    reserve(delta);
    // only over the entry that was read: if it expired meanwhile, its bytes were already released
    // and only the delta is reserved, so putting the whole blob back would skew the accounting
    if (!cache.asMap().replace(blobId, existing, next)) {
      bytes.addAndGet(-delta);
      throw new NodeException(ErrorReason.METADATA_NOT_STORED,
          "the buffered metadata of blob " + blobId + " expired; upload it again");
    }
    return true;
  }

  /** True iff this sliver is buffered. */
  public boolean hasSliver(BlobId blobId, int pairIndex, SliverType type) {
    PendingBlob b = cache.getIfPresent(blobId);
    return b != null && b.slivers().containsKey(new SliverKey(pairIndex, type));
  }

  /** Everything buffered for the blob, left in place (see {@link #take}). */
  public Optional<PendingBlob> peek(BlobId blobId) {
    return Optional.ofNullable(cache.getIfPresent(blobId));
  }

  /** Removes and returns everything buffered for the blob. */
  public synchronized Optional<PendingBlob> take(BlobId blobId) {
    PendingBlob b = cache.asMap().remove(blobId);
    return Optional.ofNullable(b);
  }

  /** Drops everything buffered for the blob. */
  public void discard(BlobId blobId) {
    take(blobId);
  }

  /** Bytes currently buffered. */
  public long bytes() {
    cache.cleanUp();
    return bytes.get();
  }

  /** Number of buffered blobs. */
  public long blobs() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private void reserve(long delta) {
    cache.cleanUp();
    if (bytes.get() + delta > maxBytes) {
      throw new NodeException(ErrorReason.PENDING_CACHE_FULL,
          "the pending-upload cache is full (" + maxBytes + " bytes); upload after the registration is on-chain");
    }
    bytes.addAndGet(delta);
  }
}
