package dev.floe.node.events;

import dev.floe.core.blob.BlobId;
import dev.floe.core.protocol.EventRef;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.MetadataCache;
import dev.floe.node.service.PendingUploads;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.Registration;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies blob events to the store: each event's effects and the advanced cursor in one atomic
 * batch, under the blob's lock so that no upload interleaves with a removal. Effects are idempotent,
 * so an event replayed after a crash (effects committed, nothing else lost) changes nothing.
 */
final class EventApplier {
  private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);

  private final String logName;
  private final SliverStore store;
  private final PendingUploads pending;
  private final BlobLocks locks;
  private final MetadataCache metadataCache;
  private final RecoveryTrigger recovery;
  private final NodeMetrics metrics;

  EventApplier(String logName, SliverStore store, PendingUploads pending, BlobLocks locks,
      MetadataCache metadataCache, RecoveryTrigger recovery, NodeMetrics metrics) {
    this.logName = logName;
    this.store = store;
    this.pending = pending;
    this.locks = locks;
    this.metadataCache = metadataCache;
    this.recovery = recovery;
    this.metrics = metrics;
  }

  void registered(NodeEvent.BlobRegistered e) {
    EventRef ref = e.cursor().toRef();
    Registration reg = new Registration(e.objectId(), e.deletable(), e.epoch(), e.endEpoch(), -1);
    locks.withLock(e.blobId(), () -> {
      Optional<BlobInfo> old = store.blobInfo(e.blobId());
      BlobInfo info = old.map(i -> i.withRegistration(reg, ref)).orElseGet(() -> BlobInfo.registered(e.size(), reg, ref));
      StoreBatch batch = new StoreBatch().putBlobInfo(e.blobId(), info).advanceCursor(e.cursor(), 1);
      // read, not taken: if the commit fails (the event is applied again later) they must still be there
      Optional<PendingUploads.PendingBlob> buffered = info.isInvalid() ? Optional.empty() : pending.peek(e.blobId());
      List<Runnable> counted = new ArrayList<>();
      buffered.ifPresent(b -> {
        if (!store.hasMetadata(e.blobId())) {
          batch.putMetadata(e.blobId(), b.metadataBcs());
          counted.add(() -> metrics.metadataStored(b.metadataBcs().length));
        }
        b.slivers().forEach((k, bcs) -> {
          if (!store.hasSliver(e.blobId(), k.pairIndex(), k.type())) {
            batch.putSliver(e.blobId(), k.pairIndex(), k.type(), bcs);
            counted.add(() -> metrics.sliverStored(k.type(), bcs.length));
          }
        });
      });
      store.commit(batch);
      // under the exclusive lock nothing was buffered meanwhile; from now on uploads go to the store
      pending.discard(e.blobId());
      counted.forEach(Runnable::run);
      buffered.ifPresent(b -> LOG.debug("{}: stored {} buffered slivers of {} on registration", logName,
          b.slivers().size(), e.blobId()));
      return null;
    });
  }

  void certified(NodeEvent.BlobCertified e) {
    EventRef ref = e.cursor().toRef();
    boolean valid = locks.withLock(e.blobId(), () -> {
      Optional<BlobInfo> old = store.blobInfo(e.blobId());
      BlobInfo info = old.orElseGet(() -> new BlobInfo(0, java.util.List.of(), -1, Optional.empty(), ref))
          .withCertified(e.objectId(), e.deletable(), e.epoch(), e.endEpoch(), ref);
      store.commit(new StoreBatch().putBlobInfo(e.blobId(), info).advanceCursor(e.cursor(), 1));
      return !info.isInvalid();
    });
    if (valid) {
      recovery.recoverMissing(e.blobId());
    }
  }

  void deleted(NodeEvent.BlobDeleted e, long currentEpoch) {
    EventRef ref = e.cursor().toRef();
    boolean removed = locks.withLock(e.blobId(), () -> {
      Optional<BlobInfo> old = store.blobInfo(e.blobId());
      StoreBatch batch = new StoreBatch().advanceCursor(e.cursor(), 1);
      boolean gone = false;
      if (old.isPresent()) {
        BlobInfo info = old.get().withDeleted(e.objectId(), ref);
        if (!info.isInvalid() && !info.isRegisteredAt(Math.max(currentEpoch, e.epoch()))) {
          batch.deleteBlobData(e.blobId()).deleteBlobInfo(e.blobId());
          gone = true;
        } else {
          batch.putBlobInfo(e.blobId(), info);
        }
      }
      store.commit(batch);
      return gone;
    });
    if (removed) {
      afterRemoval(e.blobId(), "deleted");
    }
  }

  void invalidated(NodeEvent.BlobInvalidated e) {
    EventRef ref = e.cursor().toRef();
    locks.withLock(e.blobId(), () -> {
      Optional<BlobInfo> old = store.blobInfo(e.blobId());
      BlobInfo info = old.orElseGet(() -> new BlobInfo(0, java.util.List.of(), -1, Optional.empty(), ref)).invalidated(ref);
      store.commit(new StoreBatch().putBlobInfo(e.blobId(), info).deleteBlobData(e.blobId()).advanceCursor(e.cursor(), 1));
      return null;
    });
    afterRemoval(e.blobId(), "invalidated");
  }

  /** Expired blobs removed per commit at an epoch start (one synced write instead of one per blob). */
  static final int EXPIRY_BATCH = 256;

  /**
   * Removes the data of every blob with no live registration in {@code epoch} (expiry). Idempotent;
   * run at each epoch change.
   */
  int collectExpired(long epoch) {
    java.util.List<BlobId> expired = new java.util.ArrayList<>();
    store.forEachBlobInfo((id, info) -> {
      if (!info.isInvalid() && !info.registrations().isEmpty() && !info.isRegisteredAt(epoch)) {
        expired.add(id);
      }
    });
    int removed = 0;
    for (int from = 0; from < expired.size(); from += EXPIRY_BATCH) {
      java.util.List<BlobId> chunk = expired.subList(from, Math.min(expired.size(), from + EXPIRY_BATCH));
      java.util.List<BlobId> done = new java.util.ArrayList<>(chunk.size());
      removeExpired(chunk, 0, epoch, new StoreBatch(), done);
      done.forEach(id -> afterRemoval(id, "expired"));
      removed += done.size();
    }
    return removed;
  }

  /**
   * Removes the blobs of {@code chunk} from {@code i} on that are still expired, in one commit, each
   * under its blob lock (taken one after the other and held until the commit, so no upload of these
   * blobs can slip in between the check and the removal).
   */
  private void removeExpired(
      java.util.List<BlobId> chunk, int i, long epoch, StoreBatch batch, java.util.List<BlobId> done) {
    if (i == chunk.size()) {
      if (!done.isEmpty()) {
        store.commit(batch);
      }
      return;
    }
    BlobId id = chunk.get(i);
    locks.withLock(id, () -> {
      Optional<BlobInfo> info = store.blobInfo(id);
      if (info.isPresent() && !info.get().isRegisteredAt(epoch) && !info.get().isInvalid()) {
        batch.deleteBlobData(id).deleteBlobInfo(id);
        done.add(id);
      }
      removeExpired(chunk, i + 1, epoch, batch, done);
      return null;
    });
  }

  private void afterRemoval(BlobId blobId, String why) {
    metadataCache.invalidate(blobId);
    pending.discard(blobId);
    recovery.cancel(blobId);
    metrics.blobRemoved();
    LOG.info("{}: removed the data of blob {} ({})", logName, blobId, why);
  }
}
