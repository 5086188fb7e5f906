package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.UnsupportedEncodingTypeException;
import dev.floe.core.errors.WrongSliverException;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.Routes;
import dev.floe.core.protocol.StorageStatus;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.SliverStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads and downloads of metadata and slivers: every write is checked against chain state
 * (registered, valid, unexpired; the pair's shard owned this epoch) and verified against the
 * metadata before it is stored durably. Blocking: call from worker threads.
 */
public final class StorageService {
  private static final Logger LOG = LoggerFactory.getLogger(StorageService.class);

  private final String logName;
  private final SliverStore store;
  private final ChainState chainState;
  private final RegistrationCheck registration;
  private final MetadataCache metadataCache;
  private final PendingUploads pending;
  private final BlobLocks locks;
  private final NodeMetrics metrics;
  private final Object[] sliverStripes = new Object[256];

  public StorageService(String logName, SliverStore store, ChainState chainState, RegistrationCheck registration,
      MetadataCache metadataCache, PendingUploads pending, BlobLocks locks, NodeMetrics metrics) {
    this.logName = logName;
    this.store = store;
    this.chainState = chainState;
    this.registration = registration;
    this.metadataCache = metadataCache;
    this.pending = pending;
    this.locks = locks;
    this.metrics = metrics;
    for (int i = 0; i < sliverStripes.length; i++) {
      sliverStripes[i] = new Object();
    }
  }

  /**
   * Stores the blob's metadata (BCS {@code BlobMetadata}) after checking it commits to {@code
   * blobId}; buffers it instead when the registration is not seen yet and {@code allowPending}.
   */
  public WriteResult putMetadata(BlobId blobId, byte[] body, boolean allowPending) {
    ChainState.Snapshot snap = chainState.current();
    VerifiedBlobMetadata verified = verifyMetadata(blobId, body, snap.config());
    if (store.hasMetadata(blobId)) {
      return WriteResult.ALREADY_STORED;
    }
    RegistrationCheck.Outcome outcome = registration.check(blobId, snap.epoch());
    switch (outcome) {
      case WRITABLE -> {
        return locks.withShared(blobId, () -> storeMetadataLocked(verified, snap.epoch()));
      }
      case NOT_REGISTERED -> {
        if (!allowPending) {
          throw RegistrationCheck.notRegistered(blobId);
        }
        // under the blob lock: the registration event (which moves buffered uploads into the store
        // under the exclusive lock) is either still to come, or already applied and then the
        // metadata goes to the store now; never into a buffer nobody drains
        return locks.withShared(blobId, () -> {
          if (store.blobInfo(blobId).isPresent()) {
            return storeMetadataLocked(verified, snap.epoch());
          }
          return pending.putMetadata(blobId, verified.toBcs()) ? WriteResult.BUFFERED : WriteResult.ALREADY_STORED;
        });
      }
      default -> {
        registration.requireWritable(blobId, snap.epoch());
        throw new IllegalStateException("unreachable");
      }
    }
  }

  /**
   * Stores sliver {@code type} of pair {@code pairIndex} (BCS {@code SliverData}) after checking the
   * shard is owned, the metadata is known, and the sliver matches it.
   */
  public WriteResult putSliver(BlobId blobId, int pairIndex, SliverType type, byte[] body, boolean allowPending) {
    ChainState.Snapshot snap = chainState.current();
    EncodingConfig config = snap.config();
    checkPairIndex(pairIndex, config);
    if (!snap.ownsPair(blobId, pairIndex)) {
      throw shardNotAssigned(blobId, pairIndex, snap);
    }
    RegistrationCheck.Outcome outcome = registration.check(blobId, snap.epoch());
    switch (outcome) {
      case WRITABLE -> {}
      case NOT_REGISTERED -> {
        if (!allowPending) {
          throw RegistrationCheck.notRegistered(blobId);
        }
      }
      default -> {
        registration.requireWritable(blobId, snap.epoch());
        throw new IllegalStateException("unreachable");
      }
    }
    boolean buffered = outcome == RegistrationCheck.Outcome.NOT_REGISTERED;
    // the stored metadata, else the buffered one: a client may buffer the metadata before the
    // registration and send slivers once the chain shows it, before the node saw the event
    VerifiedBlobMetadata metadata = metadataCache.get(blobId, config)
        .or(() -> pending.metadata(blobId).map(b -> BlobMetadataWithId.fromBcs(b).verify(config)))
        .orElseThrow(() -> metadataMissing(blobId));
    long t0 = System.nanoTime();
    SliverData sliver = decodeSliver(type, body);
    long t1 = System.nanoTime();
    try {
      SliverChecks.verify(metadata, sliver, pairIndex, type, config);
    } catch (HashMismatchException e) {
      throw new NodeException(ErrorReason.SLIVER_HASH_MISMATCH,
          "the " + Routes.sliverTypeName(type) + " sliver of pair " + pairIndex + " does not match the metadata of blob "
              + blobId, e);
    } catch (WrongSliverException e) {
      throw new NodeException(ErrorReason.SLIVER_INDEX_MISMATCH,
          "the path names pair " + pairIndex + ": " + e.getMessage(), e);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.INVALID_SLIVER_SIZE, e.getMessage(), e);
    }
    long t2 = System.nanoTime();
    // shared lock: the slivers of one blob are written concurrently (their synced writes share WAL
    // syncs); only a state change of the blob (registration, removal) waits for them, and they for it
    WriteResult result = locks.withShared(blobId, () -> {
      if (buffered && store.blobInfo(blobId).isEmpty()) {
        // still unseen: buffer (the registration event will move it into the store)
        return pending.putSliver(blobId, pairIndex, type, body) ? WriteResult.BUFFERED : WriteResult.ALREADY_STORED;
      }
      recheckNotRemoved(blobId, snap.epoch());
      if (!store.hasMetadata(blobId)) {
        if (pending.metadata(blobId).isEmpty()) {
          // the blob was removed (deleted, expired) since its metadata was read: store nothing
          throw RegistrationCheck.notRegistered(blobId);
        }
        // the metadata was buffered before the registration: it is stored with this sliver
        storeMetadataLocked(metadata, snap.epoch());
      }
      return storeSliverLocked(blobId, pairIndex, type, body);
    });
    if (LOG.isDebugEnabled()) {
      long t3 = System.nanoTime();
      LOG.debug("{}: PUT {} sliver {} of {} ({} B, {}): decode {} us, verify {} us, write+sync {} us", logName,
          Routes.sliverTypeName(type), pairIndex, blobId, body.length, result, (t1 - t0) / 1000, (t2 - t1) / 1000,
          (t3 - t2) / 1000);
    }
    return result;
  }

  /**
   * Under the shared blob lock: stores verified metadata unless the blob was removed or it is
   * stored; concurrent PUTs of the same metadata store (and count) it once. For a blob the node has
   * no events of, the chain is read again first (a blocking call under the blob lock, once per blob).
   */
  private WriteResult storeMetadataLocked(VerifiedBlobMetadata verified, long epoch) {
    BlobId blobId = verified.blobId();
    recheckNotRemoved(blobId, epoch);
    if (!store.hasMetadata(blobId) && store.blobInfo(blobId).isEmpty()) {
      // no event of the blob applied: the writability came from a chain read, which a deletion or
      // expiry applied since (removing the blob info) may have made stale; metadata stored now
      // would never be collected. Under the blob lock no event of the blob is applied meanwhile.
      registration.requireWritableOnChainNow(blobId, chainState.current().epoch());
    }
    synchronized (sliverStripe(blobId, -1, SliverType.PRIMARY)) {
      if (store.hasMetadata(blobId)) {
        return WriteResult.ALREADY_STORED;
      }
      byte[] bcs = verified.toBcs();
      store.putMetadata(blobId, bcs);
      metadataCache.put(verified);
      metrics.metadataStored(bcs.length);
      LOG.debug("{}: stored metadata of {}", logName, blobId);
      return WriteResult.STORED;
    }
  }

  /**
   * Under the shared blob lock: stores a verified sliver unless it is stored. Concurrent PUTs of
   * the same sliver are serialized by a striped monitor, so exactly one stores it (and is counted).
   */
  private WriteResult storeSliverLocked(BlobId blobId, int pairIndex, SliverType type, byte[] bcs) {
    synchronized (sliverStripe(blobId, pairIndex, type)) {
      if (store.hasSliver(blobId, pairIndex, type)) {
        return WriteResult.ALREADY_STORED;
      }
      store.putSliver(blobId, pairIndex, type, bcs);
      metrics.sliverStored(type, bcs.length);
      return WriteResult.STORED;
    }
  }

  private Object sliverStripe(BlobId blobId, int pairIndex, SliverType type) {
    int h = (blobId.hashCode() * 31 + pairIndex) * 2 + type.ordinal();
    return sliverStripes[(h & 0x7fffffff) % sliverStripes.length];
  }

  /** The stored metadata as BCS {@code BlobMetadataWithId}. */
  public byte[] metadata(BlobId blobId) {
    rejectInvalid(blobId);
    return store.metadata(blobId).orElseThrow(() -> new NodeException(ErrorReason.METADATA_NOT_FOUND,
        "no metadata of blob " + blobId + " is stored on this node"));
  }

  /** Whether the metadata is stored, buffered or unknown. */
  public StorageStatus metadataStatus(BlobId blobId) {
    if (store.hasMetadata(blobId)) {
      return StorageStatus.STORED;
    }
    return pending.metadata(blobId).isPresent() ? StorageStatus.BUFFERED : StorageStatus.NONEXISTENT;
  }

  /** A stored sliver as BCS {@code SliverData}. */
  public byte[] sliver(BlobId blobId, int pairIndex, SliverType type) {
    ChainState.Snapshot snap = chainState.current();
    checkPairIndex(pairIndex, snap.config());
    rejectInvalid(blobId);
    Optional<byte[]> s = store.sliver(blobId, pairIndex, type);
    if (s.isPresent()) {
      metrics.sliverServed(type);
      return s.get();
    }
    if (!snap.ownsPair(blobId, pairIndex)) {
      throw shardNotAssigned(blobId, pairIndex, snap);
    }
    throw new NodeException(ErrorReason.SLIVER_NOT_FOUND, "the " + Routes.sliverTypeName(type) + " sliver of pair "
        + pairIndex + " of blob " + blobId + " is not stored on this node");
  }

  /** Whether the sliver is stored, buffered or unknown. */
  public StorageStatus sliverStatus(BlobId blobId, int pairIndex, SliverType type) {
    checkPairIndex(pairIndex, chainState.current().config());
    if (store.hasSliver(blobId, pairIndex, type)) {
      return StorageStatus.STORED;
    }
    return pending.hasSliver(blobId, pairIndex, type) ? StorageStatus.BUFFERED : StorageStatus.NONEXISTENT;
  }

  /**
   * Stores a sliver rebuilt by recovery (already verified against the metadata), unless the blob
   * was removed or the pair's shard moved away meanwhile (a recovery retried across epoch changes
   * may finish after the shard was handed over and its slivers deleted: nothing would delete this
   * one). Returns false if it was not stored.
   */
  public boolean storeRecoveredSliver(BlobId blobId, int pairIndex, SliverType type, byte[] bcs) {
    return locks.withShared(blobId, () -> {
      ChainState.Snapshot snap = chainState.current();
      Optional<BlobInfo> info = store.blobInfo(blobId);
      if (info.isEmpty() || info.get().isInvalid() || !info.get().isRegisteredAt(snap.epoch())
          || !snap.ownsPair(blobId, pairIndex)) {
        return false;
      }
      storeSliverLocked(blobId, pairIndex, type, bcs);
      return true;
    });
  }

  /** Stores metadata fetched from peers (verified) for a blob being recovered. */
  public boolean storeRecoveredMetadata(VerifiedBlobMetadata metadata) {
    BlobId blobId = metadata.blobId();
    return locks.withShared(blobId, () -> {
      Optional<BlobInfo> info = store.blobInfo(blobId);
      if (info.isEmpty() || info.get().isInvalid() || !info.get().isRegisteredAt(chainState.current().epoch())) {
        return false;
      }
      if (!store.hasMetadata(blobId)) {
        byte[] bcs = metadata.toBcs();
        store.putMetadata(blobId, bcs);
        metadataCache.put(metadata);
        metrics.metadataStored(bcs.length);
      }
      return true;
    });
  }

  /** The stored, verified metadata of a blob, if any. */
  public Optional<VerifiedBlobMetadata> storedMetadata(BlobId blobId) {
    return metadataCache.get(blobId, chainState.current().config());
  }

  /** The number of shards of the current committee. */
  public int nShards() {
    return chainState.current().nShards();
  }

  /** True iff every sliver of every pair this node owns for {@code blobId} is stored. */
  public boolean storesAllOwnedSlivers(BlobId blobId, ChainState.Snapshot snap) {
    for (int p : snap.ownedPairs(blobId)) {
      if (!store.hasSliver(blobId, p, SliverType.PRIMARY) || !store.hasSliver(blobId, p, SliverType.SECONDARY)) {
        return false;
      }
    }
    return true;
  }

  private VerifiedBlobMetadata verifyMetadata(BlobId blobId, byte[] body, EncodingConfig config) {
    BlobMetadata m;
    try {
      m = BlobMetadata.fromBcs(body);
    } catch (BcsException e) {
      throw new NodeException(ErrorReason.MALFORMED_BCS, "metadata body is not valid BCS BlobMetadata: " + e.getMessage(), e);
    } catch (UnsupportedEncodingTypeException e) {
      throw new NodeException(ErrorReason.UNSUPPORTED_ENCODING_TYPE, e.getMessage(), e);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.MALFORMED_BCS, "metadata body is not valid BlobMetadata: " + e.getMessage(), e);
    }
    try {
      return new BlobMetadataWithId(blobId, m).verify(config);
    } catch (UnsupportedEncodingTypeException e) {
      throw new NodeException(ErrorReason.UNSUPPORTED_ENCODING_TYPE, e.getMessage(), e);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.INVALID_METADATA, e.getMessage(), e);
    }
  }

  private static SliverData decodeSliver(SliverType type, byte[] body) {
    try {
      return SliverData.fromBcs(type, body);
    } catch (BcsException e) {
      throw new NodeException(ErrorReason.MALFORMED_BCS, "sliver body is not valid BCS SliverData: " + e.getMessage(), e);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.INVALID_SLIVER_SIZE, "sliver body is not a valid sliver: " + e.getMessage(), e);
    }
  }

  private void rejectInvalid(BlobId blobId) {
    Optional<BlobInfo> info = store.blobInfo(blobId);
    if (info.isPresent() && info.get().isInvalid()) {
      throw RegistrationCheck.invalid(blobId);
    }
  }

  /** Under the blob lock: the event processor may have removed the blob since the first check. */
  private void recheckNotRemoved(BlobId blobId, long epoch) {
    Optional<BlobInfo> info = store.blobInfo(blobId);
    if (info.isPresent()) {
      if (info.get().isInvalid()) {
        throw RegistrationCheck.invalid(blobId);
      }
      if (!info.get().isRegisteredAt(epoch) && !info.get().registrations().isEmpty()) {
        throw new NodeException(ErrorReason.BLOB_EXPIRED, "blob " + blobId + " has expired");
      }
    }
  }

  private static void checkPairIndex(int pairIndex, EncodingConfig config) {
    if (pairIndex < 0 || pairIndex >= config.nShards()) {
      throw new NodeException(ErrorReason.INVALID_PARAMETER,
          "sliver pair index " + pairIndex + " is outside [0, " + config.nShards() + ")");
    }
  }

  private static NodeException metadataMissing(BlobId blobId) {
    return new NodeException(ErrorReason.METADATA_NOT_STORED,
        "metadata of blob " + blobId + " must be uploaded before its slivers");
  }

  private static NodeException shardNotAssigned(BlobId blobId, int pairIndex, ChainState.Snapshot snap) {
    return new NodeException(ErrorReason.SHARD_NOT_ASSIGNED, "sliver pair " + pairIndex + " of blob " + blobId
        + " belongs to shard " + snap.shardOf(blobId, pairIndex) + ", which this node does not hold in epoch "
        + snap.epoch());
  }
}
