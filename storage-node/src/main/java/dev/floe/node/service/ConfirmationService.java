package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.ObjectIds;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.SliverStore;
import java.util.Optional;

/**
 * Signs storage confirmations (Walrus {@code BlobCert} messages for the current epoch) with the
 * node's protocol key — only once the blob is registered and every sliver of every shard the node
 * owns for it is stored. A permanent confirmation needs a live permanent registration, a deletable
 * one the live deletable registration it names.
 */
public final class ConfirmationService {
  private final SliverStore store;
  private final ChainState chainState;
  private final RegistrationCheck registration;
  private final StorageService storage;
  private final NodeSigner signer;
  private final NodeMetrics metrics;

  public ConfirmationService(SliverStore store, ChainState chainState, RegistrationCheck registration,
      StorageService storage, NodeSigner signer, NodeMetrics metrics) {
    this.store = store;
    this.chainState = chainState;
    this.registration = registration;
    this.storage = storage;
    this.signer = signer;
    this.metrics = metrics;
  }

  /**
   * True iff the registration a confirmation needs is visible: the blob is writable and, for a
   * deletable confirmation, the object's registration event was processed (for long-polling).
   * Throws for an expired or invalidated blob: no registration can make it confirmable, so a
   * long-poll fails at once with the reason instead of waiting out its deadline.
   */
  public boolean isRegistered(BlobId blobId, Optional<byte[]> objectId) {
    long epoch = chainState.current().epoch();
    RegistrationCheck.Outcome outcome = registration.check(blobId, epoch);
    if (outcome == RegistrationCheck.Outcome.NOT_REGISTERED) {
      return false;
    }
    registration.requireWritable(blobId, epoch);
    return objectId.isEmpty()
        ? registration.permanentAt(blobId, epoch)
        : store.blobInfo(blobId).flatMap(i -> i.liveRegistration(objectId.get(), epoch)).isPresent();
  }

  /**
   * A signed confirmation that this node stores the blob, for the permanent registration ({@code
   * objectId} empty) or the deletable registration {@code objectId}.
   */
  public SignedMessage confirm(BlobId blobId, Optional<byte[]> objectId) {
    ChainState.Snapshot snap = chainState.current();
    registration.requireWritable(blobId, snap.epoch());
    BlobPersistence persistence;
    if (objectId.isPresent()) {
      byte[] id = objectId.get();
      Optional<BlobInfo> info = store.blobInfo(blobId);
      boolean live = info.flatMap(i -> i.liveRegistration(id, snap.epoch())).filter(r -> r.deletable()).isPresent();
      if (!live) {
        throw new NodeException(ErrorReason.OBJECT_NOT_REGISTERED, "object " + ObjectIds.toHex(id)
            + " is not a live deletable registration of blob " + blobId + " (or it has not been seen yet)");
      }
      persistence = BlobPersistence.deletable(id);
    } else {
      // a permanent confirmation promises storage until a permanent registration ends: never for a
      // blob whose owner may delete every registration (the data would go, the promise would stay)
      if (!registration.permanentAt(blobId, snap.epoch())) {
        throw new NodeException(ErrorReason.NOT_REGISTERED, "blob " + blobId + " has no live permanent registration"
            + " (or it has not been seen yet); a deletable registration is confirmed by naming its object ID");
      }
      persistence = BlobPersistence.PERMANENT;
    }
    if (snap.ownedShards().isEmpty()) {
      throw new NodeException(ErrorReason.SHARD_NOT_ASSIGNED,
          "this node holds no shards in epoch " + snap.epoch() + " and cannot confirm storage");
    }
    if (!store.hasMetadata(blobId) || !storage.storesAllOwnedSlivers(blobId, snap)) {
      throw new NodeException(ErrorReason.NOT_FULLY_STORED, "blob " + blobId
          + " is not fully stored on this node: metadata and both slivers of every owned pair are needed");
    }
    byte[] message = new StorageConfirmation(snap.epoch(), blobId, persistence).toBytes();
    SignedMessage signed = new SignedMessage(message, signer.sign(message));
    metrics.confirmationIssued();
    return signed;
  }
}
