package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.chain.ChainBlobStatus;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.SliverStore;
import java.util.Optional;

/**
 * Decides whether a blob may be written now: registered, valid and unexpired in the current epoch.
 * The node's own blob info (from events) decides; when the node has not seen any event for the
 * blob yet, or its events show only expired registrations (the blob may have been registered
 * again since), the chain is asked directly so that a client need not wait for the node to catch up.
 */
public final class RegistrationCheck {
  /** The outcome for a blob. */
  public enum Outcome {
    /** Registered, valid and unexpired. */
    WRITABLE,
    /** The node knows of no registration. */
    NOT_REGISTERED,
    /** Every registration has expired. */
    EXPIRED,
    /** The blob ID was invalidated. */
    INVALID
  }

  /** How long a chain answer about a blob the node has no events for is reused. */
  static final java.time.Duration CHAIN_ANSWER_TTL = java.time.Duration.ofMillis(250);

  private final SliverStore store;
  private final NodeChain chain;
  private final com.github.benmanes.caffeine.cache.Cache<BlobId, ChainBlobStatus> chainAnswers =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CHAIN_ANSWER_TTL)
          .build();

  public RegistrationCheck(SliverStore store, NodeChain chain) {
    this.store = store;
    this.chain = chain;
  }

  /** The outcome for {@code blobId} in {@code epoch}. */
  public Outcome check(BlobId blobId, long epoch) {
    Optional<BlobInfo> info = store.blobInfo(blobId);
    if (info.isPresent()) {
      BlobInfo i = info.get();
      if (i.isInvalid()) {
        return Outcome.INVALID;
      }
      if (i.isRegisteredAt(epoch)) {
        return Outcome.WRITABLE;
      }
      if (!i.registrations().isEmpty()) {
        // expired as far as the node's events go; the blob may have been registered again in an
        // event not processed yet, which the chain shows
        ChainBlobStatus onChain = chainAnswers.get(blobId, chain::blobStatus);
        if (onChain.invalid()) {
          return Outcome.INVALID;
        }
        return onChain.writableAt(epoch) ? Outcome.WRITABLE : Outcome.EXPIRED;
      }
    }
    // not seen in events yet: ask the chain (answers reused briefly, so a burst of uploads for an
    // unregistered blob costs one RPC call)
    ChainBlobStatus onChain = chainAnswers.get(blobId, chain::blobStatus);
    if (onChain.invalid()) {
      return Outcome.INVALID;
    }
    if (onChain.writableAt(epoch)) {
      return Outcome.WRITABLE;
    }
    return onChain.registered() ? Outcome.EXPIRED : Outcome.NOT_REGISTERED;
  }

  /**
   * True iff a permanent registration of the blob is live in {@code epoch}: one the node saw in
   * events, else (the node may lag) one the chain shows. A blob with only deletable registrations
   * has none: its owner may delete them at any time.
   */
  public boolean permanentAt(BlobId blobId, long epoch) {
    Optional<BlobInfo> info = store.blobInfo(blobId);
    if (info.isPresent() && (info.get().isInvalid() || info.get().hasLivePermanent(epoch))) {
      return !info.get().isInvalid();
    }
    return chainAnswers.get(blobId, chain::blobStatus).permanentAt(epoch);
  }

  /**
   * Throws the matching {@link NodeException} unless the chain, read now (no reused answer), shows
   * the blob writable in {@code epoch}. For a blob the node has no events of: a reused or earlier
   * answer may predate a deletion or expiry the node has applied since.
   */
  public void requireWritableOnChainNow(BlobId blobId, long epoch) {
    ChainBlobStatus onChain = chain.blobStatus(blobId);
    chainAnswers.put(blobId, onChain);
    if (onChain.invalid()) {
      throw invalid(blobId);
    }
    if (!onChain.writableAt(epoch)) {
      throw onChain.registered()
          ? new NodeException(ErrorReason.BLOB_EXPIRED, "blob " + blobId + " has expired (current epoch " + epoch + ")")
          : notRegistered(blobId);
    }
  }

  /** Throws the matching {@link NodeException} unless the blob is writable. */
  public void requireWritable(BlobId blobId, long epoch) {
    Outcome o = check(blobId, epoch);
    switch (o) {
      case WRITABLE -> {}
      case NOT_REGISTERED -> throw notRegistered(blobId);
      case EXPIRED -> throw new NodeException(ErrorReason.BLOB_EXPIRED,
          "blob " + blobId + " has expired (current epoch " + epoch + ")");
      case INVALID -> throw invalid(blobId);
    }
  }

  static NodeException notRegistered(BlobId blobId) {
    return new NodeException(ErrorReason.NOT_REGISTERED,
        "blob " + blobId + " is not registered (or its registration has not been seen yet)");
  }

  static NodeException invalid(BlobId blobId) {
    return new NodeException(ErrorReason.BLOB_INVALID, "blob " + blobId + " was invalidated");
  }
}
