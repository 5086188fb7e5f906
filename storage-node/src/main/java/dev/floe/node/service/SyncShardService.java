package dev.floe.node.service;

import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.messages.SignedSyncShardRequest;
import dev.floe.core.messages.SyncShardRequest;
import dev.floe.core.messages.SyncShardResponse;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of shard migration ({@code POST /v1/migrate/sync_shard}, walrus-protocol.md §3,
 * §5.5): a node that held a shard in the previous epoch hands its slivers to the shard's new owner.
 *
 * <p>A request is refused, with nothing served, when: the {@code Authorization} header is not a
 * protocol public key ({@link ErrorReason#INVALID_AUTHORIZATION}); the body is not BCS {@code
 * SignedSyncShardRequest} ({@link ErrorReason#MALFORMED_BCS}); the signature is malformed ({@link
 * ErrorReason#INVALID_SIGNATURE}) or made by another key than the header's ({@link
 * ErrorReason#SIGNER_MISMATCH}); the count is 0 or above the cap ({@link
 * ErrorReason#INVALID_SLIVER_COUNT}); the epoch is not the node's current one ({@link
 * ErrorReason#EPOCH_MISMATCH}); the requester does not own the shard now ({@link
 * ErrorReason#NOT_SHARD_OWNER}); this node did not own it in the previous epoch or no longer holds it
 * ({@link ErrorReason#SHARD_NOT_PREVIOUSLY_OWNED}); or too many requests are being served ({@link
 * ErrorReason#TOO_MANY_REQUESTS}, 503).
 *
 * <p>The answer holds the stored slivers of the requested type for the shard, for valid blobs
 * with ID at least the starting ID, first certified before the request's epoch and still live, in
 * blob ID order: at most the requested count, and no more once the byte budget is reached (at least
 * one sliver, so every request makes progress). Blocking: call from worker threads.
 */
public final class SyncShardService {
  private static final Logger LOG = LoggerFactory.getLogger(SyncShardService.class);
  /** The shortest time between two chain reads caused by requests for a later epoch. */
  static final long REFRESH_INTERVAL_NANOS = 250_000_000L;

  private final String logName;
  private final SliverStore store;
  private final ChainState chainState;
  private final NodeMetrics metrics;
  private final StorageNodeConfig.ShardSync config;
  private final Semaphore permits;
  private final Object refreshLock = new Object();
  /** When a request for a later epoch last made the node re-read the chain ({@code System.nanoTime}), 0 never. */
  private long lastRefresh;

  public SyncShardService(String logName, SliverStore store, ChainState chainState, NodeMetrics metrics,
      StorageNodeConfig.ShardSync config) {
    this.logName = logName;
    this.store = store;
    this.chainState = chainState;
    this.metrics = metrics;
    this.config = config;
    this.permits = new Semaphore(config.concurrency());
  }

  /**
   * Answers a sync shard request: BCS {@code SyncShardResponse}.
   *
   * @param authorization the {@code Authorization} header: the requester's protocol public key as
   *     128 hex digits ({@code x ‖ y}, as in the health report; an optional {@code 0x} prefix)
   * @param body the BCS {@code SignedSyncShardRequest}
   * @throws NodeException with the reason of the refusal
   */
  public byte[] serve(String authorization, byte[] body) {
    byte[] publicKey = parseAuthorization(authorization);
    SignedSyncShardRequest signed;
    try {
      signed = SignedSyncShardRequest.fromBcs(body);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.MALFORMED_BCS,
          "body is not a BCS SignedSyncShardRequest: " + e.getMessage(), e);
    }
    byte[] signer;
    try {
      signer = signed.recoverPublicKey();
    } catch (InvalidSignatureException e) {
      throw new NodeException(ErrorReason.INVALID_SIGNATURE, "invalid signature: " + e.getMessage(), e);
    }
    if (!Arrays.equals(signer, publicKey)) {
      throw new NodeException(ErrorReason.SIGNER_MISMATCH,
          "the request is signed by another key than the one in the Authorization header");
    }
    SyncShardRequest request = signed.request();
    if (request.sliverCount() < 1 || request.sliverCount() > config.maxSliversPerRequest()) {
      throw new NodeException(ErrorReason.INVALID_SLIVER_COUNT, "sliver count must be in [1, "
          + config.maxSliversPerRequest() + "], got " + request.sliverCount());
    }
    ChainState.Snapshot snap = currentFor(request.epoch());
    checkRequester(request, ProtocolKeyPair.addressOf(publicKey), snap);
    checkPreviouslyOwned(request, snap);
    if (!permits.tryAcquire()) {
      throw new NodeException(ErrorReason.TOO_MANY_REQUESTS, "too many concurrent sync shard requests; retry with backoff");
    }
    try {
      return collect(request, snap);
    } finally {
      permits.release();
    }
  }

  private static byte[] parseAuthorization(String header) {
    if (header == null || header.isBlank()) {
      throw new NodeException(ErrorReason.INVALID_AUTHORIZATION,
          "the Authorization header must hold the requester's protocol public key (128 hex digits)");
    }
    String hex = header.strip();
    hex = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (hex.length() != 2 * ProtocolKeyPair.PUBLIC_KEY_LENGTH) {
      throw new NodeException(ErrorReason.INVALID_AUTHORIZATION, "the Authorization header must hold a 64-byte "
          + "protocol public key as 128 hex digits, got " + hex.length() + " characters");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new NodeException(ErrorReason.INVALID_AUTHORIZATION, "the Authorization header is not hex", e);
    }
  }

  /**
   * The current snapshot; re-read from the chain when the requester is ahead of this node, at most
   * once per {@link #REFRESH_INTERVAL_NANOS}: anyone can sign a request for a later epoch, and each
   * would otherwise cost a chain read before the requester is known to own anything. A request
   * that would need a read sooner gets {@link ErrorReason#TOO_MANY_REQUESTS} (503, retried by a
   * new owner), not a final epoch mismatch.
   */
  private ChainState.Snapshot currentFor(long epoch) {
    ChainState.Snapshot snap = chainState.current();
    if (epoch > snap.epoch()) {
      synchronized (refreshLock) {
        snap = chainState.current();
        long now = System.nanoTime();
        if (epoch > snap.epoch()) {
          if (lastRefresh != 0 && now - lastRefresh < REFRESH_INTERVAL_NANOS) {
            throw new NodeException(ErrorReason.TOO_MANY_REQUESTS, "the request is for epoch " + epoch
                + ", this node is in epoch " + snap.epoch() + " and re-read the chain a moment ago; retry shortly");
          }
          lastRefresh = now;
          snap = chainState.refresh();
        }
      }
    }
    if (epoch != snap.epoch()) {
      throw new NodeException(ErrorReason.EPOCH_MISMATCH,
          "the request is for epoch " + epoch + ", this node is in epoch " + snap.epoch());
    }
    return snap;
  }

  private static void checkRequester(SyncShardRequest request, byte[] requester, ChainState.Snapshot snap) {
    Optional<CommitteeMember> owner = request.shardIndex() < snap.nShards()
        ? snap.committee().ownerOfShard(request.shardIndex()) : Optional.empty();
    if (owner.isEmpty() || !owner.get().hasProtocolAddress(requester)) {
      throw new NodeException(ErrorReason.NOT_SHARD_OWNER, "the requester does not own shard "
          + request.shardIndex() + " in epoch " + snap.epoch());
    }
  }

  private void checkPreviouslyOwned(SyncShardRequest request, ChainState.Snapshot snap) {
    int shard = request.shardIndex();
    Optional<NodeCommittee> previous = chainState.previousCommittee();
    boolean owned = previous.flatMap(c -> c.ownerOfShard(shard))
        .filter(m -> m.hasProtocolAddress(chainState.selfAddress())).isPresent();
    if (!owned) {
      throw new NodeException(ErrorReason.SHARD_NOT_PREVIOUSLY_OWNED,
          "this node did not own shard " + shard + " in epoch " + (snap.epoch() - 1));
    }
    ShardState state = store.shardStates().get(shard);
    if (state == null) {
      throw new NodeException(ErrorReason.SHARD_NOT_PREVIOUSLY_OWNED,
          "this node no longer holds shard " + shard + " (deleted once its new owner reported it received, or at the next epoch change)");
    }
  }

  private byte[] collect(SyncShardRequest request, ChainState.Snapshot snap) {
    int shard = request.shardIndex();
    SliverType type = request.sliverType();
    long epoch = request.epoch();
    long budget = config.responseByteBudget();
    List<SyncShardResponse.Entry> entries = new ArrayList<>();
    long[] size = {SyncShardResponse.EMPTY_BCS_SIZE};
    store.forEachBlobInfoFrom(request.startingBlobId(), (id, info) -> {
      if (!servable(info, epoch)) {
        return true;
      }
      int pair = snap.config().pairForShard(shard, id.rotationOffset(snap.nShards()));
      Optional<byte[]> bcs = store.sliver(id, pair, type);
      if (bcs.isEmpty()) {
        return true;
      }
      SliverData sliver = SliverData.fromBcs(type, bcs.get());
      long entrySize = SyncShardResponse.entryBcsSize(sliver);
      if (!entries.isEmpty() && size[0] + entrySize > budget) {
        return false;
      }
      entries.add(new SyncShardResponse.Entry(id, sliver));
      size[0] += entrySize;
      return entries.size() < request.sliverCount();
    });
    byte[] answer = new SyncShardResponse(entries).toBcs();
    metrics.syncShardServed(entries.size(), answer.length);
    LOG.debug("{}: served {} {} slivers of shard {} from {} ({} bytes)", logName, entries.size(),
        type.pathSegment(), shard, request.startingBlobId(), answer.length);
    return answer;
  }

  /** Valid, first certified before {@code epoch}, and certified and live in it. */
  private static boolean servable(BlobInfo info, long epoch) {
    return !info.isInvalid() && info.initialCertifiedEpoch() >= 0 && info.initialCertifiedEpoch() < epoch
        && info.isCertifiedAt(epoch);
  }
}
