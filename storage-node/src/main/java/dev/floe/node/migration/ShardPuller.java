package dev.floe.node.migration;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SliverVerifier;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.messages.SyncShardRequest;
import dev.floe.core.messages.SyncShardResponse;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.recovery.MetadataFetcher;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.store.SyncProgress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one gained shard from its previous owner over {@code /v1/migrate/sync_shard}: primary
 * slivers, then secondary slivers, in batches in blob ID order. Every sliver is checked against its
 * blob's metadata (fetched from peers first when the node lacks it) before it is stored; each batch
 * is stored atomically together with the progress, so a restarted node resumes after the last
 * stored batch. Slivers the owner does not send, or sends wrongly, are left for recovery.
 */
final class ShardPuller {
  private static final Logger LOG = LoggerFactory.getLogger(ShardPuller.class);
  /** Tries of one request when the owner cannot be reached. */
  private static final int ATTEMPTS = 3;
  /** Tries of one request when the owner answers 503 (busy serving others): worth waiting for. */
  private static final int BUSY_ATTEMPTS = 10;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  /** Answers in a row with slivers none of which is usable before the owner is given up. */
  private static final int MAX_USELESS_ANSWERS = 16;
  private static final String INVALID_SLIVER_COUNT = dev.floe.core.protocol.ErrorReason.INVALID_SLIVER_COUNT.name();

  /** How a pull ended. */
  enum Outcome {
    /** The owner answered until it had nothing more of both types. */
    COMPLETE,
    /** The owner was unreachable, refused, or answered against the protocol: the rest is recovered. */
    OWNER_FAILED,
    /** The node is stopping or the epoch moved on; the progress is kept. */
    INTERRUPTED
  }

  /** What the puller needs from the node. */
  record Context(String logName, SliverStore store, ChainState chainState, BlobLocks locks, PeerClient peers,
      MetadataFetcher metadata, NodeSigner signer, NodeMetrics metrics, int sliversPerRequest, long maxAnswerBytes,
      long backoffMillis) {}

  private final Context ctx;
  private final ShardStateCommits commits;
  private final BooleanSupplier stopping;
  /** Slivers asked per request: the configured count, halved while the owner refuses it as above its cap. */
  private int count;

  ShardPuller(Context ctx, ShardStateCommits commits, BooleanSupplier stopping) {
    this.ctx = ctx;
    this.commits = commits;
    this.stopping = stopping;
    this.count = ctx.sliversPerRequest();
  }

  /** Pulls {@code shard} of {@code epoch} from {@code owner}, starting at {@code progress}. */
  Outcome pull(long epoch, int shard, CommitteeMember owner, SyncProgress progress) {
    SyncProgress at = progress;
    int useless = 0;
    LOG.info("{}: pulling shard {} from its previous owner {} ({} slivers from {})", ctx.logName(), shard,
        owner.name(), at.type().pathSegment(), at.next());
    while (true) {
      if (stopping.getAsBoolean() || ctx.chainState().current().epoch() != epoch) {
        return Outcome.INTERRUPTED;
      }
      Optional<SyncShardResponse> answer = request(epoch, shard, owner, at);
      if (answer.isEmpty()) {
        return stopping.getAsBoolean() ? Outcome.INTERRUPTED : Outcome.OWNER_FAILED;
      }
      List<SyncShardResponse.Entry> entries = answer.get().entries();
      if (!inOrder(entries, at)) {
        ctx.metrics().syncShardOwnerFailure();
        LOG.warn("{}: {} answered slivers of shard {} out of order or of the wrong type; recovering the rest",
            ctx.logName(), owner.name(), shard);
        return Outcome.OWNER_FAILED;
      }
      Optional<SyncProgress> next;
      if (entries.isEmpty()) {
        next = at.type() == SliverType.PRIMARY
            ? Optional.of(new SyncProgress(SliverType.SECONDARY, SyncProgress.START.next())) : Optional.empty();
      } else {
        next = SyncProgress.after(at.type(), entries.get(entries.size() - 1).blobId());
        if (next.isEmpty() && at.type() == SliverType.PRIMARY) {
          next = Optional.of(new SyncProgress(SliverType.SECONDARY, SyncProgress.START.next()));
        }
      }
      int usable = store(epoch, shard, entries, at.type(), next);
      if (usable < 0) {
        return Outcome.INTERRUPTED;
      }
      useless = usable == 0 && !entries.isEmpty() ? useless + 1 : 0;
      if (useless >= MAX_USELESS_ANSWERS) {
        LOG.warn("{}: {} keeps answering slivers of shard {} that do not verify or are not of certified blobs; "
            + "recovering the rest", ctx.logName(), owner.name(), shard);
        return Outcome.OWNER_FAILED;
      }
      if (next.isEmpty()) {
        LOG.info("{}: pulled shard {} from {}", ctx.logName(), shard, owner.name());
        return Outcome.COMPLETE;
      }
      at = next.get();
    }
  }

  /**
   * One request with a few retries for transport failures; empty when the owner failed. An owner
   * whose cap is below the count asked ({@code INVALID_SLIVER_COUNT}) is asked again for half as
   * many, and so on for the rest of the pull.
   */
  private Optional<SyncShardResponse> request(long epoch, int shard, CommitteeMember owner, SyncProgress at) {
    String key = HexFormat.of().formatHex(ctx.signer().publicKey());
    long backoff = ctx.backoffMillis();
    int failures = 0;
    int busy = 0;
    while (!stopping.getAsBoolean()) {
      SyncShardRequest request = new SyncShardRequest(epoch, shard, at.type(), at.next(), count);
      byte[] message = request.toBytes();
      byte[] body = new SignedMessage(message, ctx.signer().sign(message)).toBcs();
      try {
        byte[] answer = ctx.peers().syncShard(owner.networkAddress(), key, body, ctx.maxAnswerBytes());
        ctx.metrics().syncShardAnswerReceived(answer.length);
        return Optional.of(SyncShardResponse.fromBcs(answer));
      } catch (InvalidDataException e) {
        ctx.metrics().syncShardOwnerFailure();
        LOG.warn("{}: {} sent a malformed sync shard answer for shard {}: {}", ctx.logName(), owner.name(), shard,
            e.getMessage());
        return Optional.empty();
      } catch (PeerClient.PeerException e) {
        if (e.status() == 400 && INVALID_SLIVER_COUNT.equals(e.reason()) && count > 1) {
          count = Math.max(1, count / 2);
          LOG.info("{}: {} caps the slivers per sync shard request lower; asking for {}", ctx.logName(), owner.name(),
              count);
          continue;
        }
        ctx.metrics().syncShardOwnerFailure();
        boolean overloaded = e.status() == 503;
        boolean refused = !overloaded && e.status() >= 400;
        boolean giveUp = refused || (overloaded ? ++busy >= BUSY_ATTEMPTS : ++failures >= ATTEMPTS);
        LOG.info("{}: sync shard request for shard {} to {} failed{}: {}", ctx.logName(), shard, owner.name(),
            giveUp ? "; recovering the rest from all peers" : ", retrying", e.getMessage());
        if (giveUp || !sleep(backoff)) {
          return Optional.empty();
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
    return Optional.empty();
  }

  /** Ascending blob IDs from the requested start, all of the requested type. */
  private static boolean inOrder(List<SyncShardResponse.Entry> entries, SyncProgress at) {
    BlobId previous = null;
    for (SyncShardResponse.Entry e : entries) {
      if (e.sliver().type() != at.type() || e.blobId().compareTo(at.next()) < 0
          || (previous != null && e.blobId().compareTo(previous) <= 0)) {
        return false;
      }
      previous = e.blobId();
    }
    return true;
  }

  /**
   * Verifies the answer's slivers and stores the valid ones with the progress in one batch, under
   * the blobs' shared locks (no removal interleaves). Returns how many slivers verified, or -1 if the
   * shard is no longer being pulled (nothing stored).
   */
  private int store(long epoch, int shard, List<SyncShardResponse.Entry> entries, SliverType type,
      Optional<SyncProgress> next) {
    ChainState.Snapshot snap = ctx.chainState().current();
    EncodingConfig config = snap.config();
    List<Verified> valid = new ArrayList<>();
    for (SyncShardResponse.Entry e : entries) {
      verified(e, shard, type, config, epoch).ifPresent(valid::add);
    }
    List<BlobId> ids = valid.stream().map(Verified::blobId).toList();
    return ctx.locks().withSharedAll(ids, () -> {
      StoreBatch batch = new StoreBatch();
      List<Verified> stored = new ArrayList<>();
      for (Verified v : valid) {
        Optional<BlobInfo> info = ctx.store().blobInfo(v.blobId());
        if (info.isPresent() && !info.get().isInvalid() && info.get().isRegisteredAt(epoch)
            && !ctx.store().hasSliver(v.blobId(), v.pairIndex(), type)) {
          batch.putSliver(v.blobId(), v.pairIndex(), type, v.bcs());
          stored.add(v);
        }
      }
      // the progress goes with the slivers; a finished pull leaves the shard in ACTIVE_SYNC until the
      // migrator moves it on (recovery of what is missing, then ACTIVE)
      batch.putShardSync(shard, next.orElse(new SyncProgress(SliverType.SECONDARY, lastBlobId())));
      if (!commits.commitIfSyncing(shard, epoch, batch)) {
        return -1;
      }
      for (Verified v : stored) {
        ctx.metrics().sliverStored(type, v.bcs().length);
      }
      ctx.metrics().syncShardSliversStored(stored.size());
      return valid.size();
    });
  }

  private Optional<Verified> verified(SyncShardResponse.Entry e, int shard, SliverType type, EncodingConfig config,
      long epoch) {
    BlobId id = e.blobId();
    Optional<BlobInfo> info = ctx.store().blobInfo(id);
    if (info.isEmpty() || info.get().isInvalid() || !info.get().isCertifiedAt(epoch)) {
      LOG.debug("{}: skipping pulled sliver of {}, which this node does not know as certified", ctx.logName(), id);
      return Optional.empty();
    }
    int pair = config.pairForShard(shard, id.rotationOffset(config.nShards()));
    int expectedIndex = type == SliverType.PRIMARY ? pair : config.secondarySliverIndex(pair);
    VerifiedBlobMetadata metadata;
    try {
      metadata = ctx.metadata().fetch(id, stopping);
    } catch (IllegalStateException ex) {
      LOG.info("{}: no metadata of {} to check its pulled sliver: {}", ctx.logName(), id, ex.getMessage());
      return Optional.empty();
    }
    try {
      new SliverVerifier(config, metadata).verify(e.sliver(), type, expectedIndex);
    } catch (InvalidDataException ex) {
      ctx.metrics().syncShardInvalidSliver();
      LOG.warn("{}: the pulled {} sliver of {} for shard {} does not match the metadata: {}", ctx.logName(),
          type.pathSegment(), id, shard, ex.getMessage());
      return Optional.empty();
    }
    return Optional.of(new Verified(id, pair, e.sliver().toBcs()));
  }

  private static BlobId lastBlobId() {
    byte[] max = new byte[BlobId.LENGTH];
    java.util.Arrays.fill(max, (byte) 0xFF);
    return BlobId.of(max);
  }

  private boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private record Verified(BlobId blobId, int pairIndex, byte[] bcs) {}
}
