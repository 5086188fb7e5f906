package dev.floe.client;

import dev.floe.client.BlobNotAvailableException.Reason;
import dev.floe.client.ProgressListener.Phase;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.client.nodes.NodeRequestException;
import dev.floe.client.read.HedgedFetcher;
import dev.floe.client.read.HedgedFetcher.Candidate;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochState;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.ByteRangeReader;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffDecoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SliverVerifier;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path of the SDK: the chain must know the blob as certified and unexpired (and not
 * invalid); metadata come from any node and are verified against the blob ID; n-2f primary slivers
 * come from their owners, each verified against the metadata before it counts; then the decoder
 * rebuilds the blob and runs the consistency check (default or strict). Up to f faulty shards are
 * tolerated: a node that is down, slow or serves bad data is routed around ({@link HedgedFetcher}).
 * During an epoch change both the previous and the current committee serve reads, the previous
 * owner of each shard first for blobs certified before the change ({@link ReadCommittee}).
 * When too few verified slivers can be had, the read fails with {@link BlobNotAvailableException};
 * an inconsistent blob fails with {@link BlobInvalidException}. Never returns unverified bytes.
 * Blocking; call from a worker thread. Thread-safe.
 */
public final class BlobReader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobReader.class);
  private static final HedgedFetcher.FailureClassifier NOT_FOUND_ONLY =
      t -> t instanceof NodeRequestException e && e.isNotFound();

  /** Bytes a BCS body may have beyond its payload (length prefixes, symbol size, index, tags). */
  private static final long BCS_SLACK = 64;

  private final ControlPlane controlPlane;
  private final ClientConfig config;
  private final Committees committees;

  BlobReader(ControlPlane controlPlane, ClientConfig config, Committees committees) {
    this.controlPlane = controlPlane;
    this.config = config;
    this.committees = committees;
  }

  /** Reads and verifies the whole blob. */
  public byte[] read(BlobId blobId, ReadOptions options, ProgressListener progress) throws InterruptedException {
    ReadCommittee directory = readCommittee(blobId);
    VerifiedBlobMetadata metadata = fetchMetadata(directory, blobId);
    EncodingConfig encoding = directory.config();
    List<SliverData> slivers =
        fetchPrimarySlivers(directory, metadata, preferredPairs(encoding), encoding.primarySourceSymbols(), progress);
    progress.onProgress(Phase.DECODING, 0, 1);
    try {
      byte[] blob = new RedStuffDecoder(encoding)
          .withThreads(config.effectiveEncoderThreads())
          .decode(metadata, slivers, options.consistencyCheck());
      progress.onProgress(Phase.DECODING, 1, 1);
      return blob;
    } catch (InconsistentEncodingException e) {
      throw new BlobInvalidException(blobId, "its slivers are inconsistent with its metadata: " + e.getMessage(), e);
    } catch (NotEnoughSymbolsException e) {
      throw new BlobNotAvailableException(blobId, Reason.NOT_ENOUGH_NODES, e.getMessage(), e);
    }
  }

  /**
   * Reads bytes {@code [start, start + length)} (clamped to the blob's end) from the systematic
   * primary slivers that hold them, each verified against the metadata; if those cannot be had,
   * falls back to a full read.
   */
  public byte[] readRange(BlobId blobId, long start, long length, ProgressListener progress)
      throws InterruptedException {
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("start and length must not be negative: " + start + ", " + length);
    }
    ReadCommittee directory = readCommittee(blobId);
    VerifiedBlobMetadata metadata = fetchMetadata(directory, blobId);
    long size = metadata.unencodedLength();
    if (start > size || (start == size && length > 0)) {
      throw new IllegalArgumentException("start " + start + " is beyond the end of the blob (" + size + " bytes)");
    }
    long end = length >= size - start ? size : start + length;
    ByteRangeReader ranges = new ByteRangeReader(directory.config(), metadata);
    ByteRangeReader.SliverSpan span = ranges.slivers(start, end);
    List<Integer> pairs = new ArrayList<>();
    for (int p = span.first(); p < span.end(); p++) {
      pairs.add(p);
    }
    try {
      List<SliverData> slivers = fetchPrimarySlivers(directory, metadata, pairs, span.count(), progress);
      return ranges.extract(slivers, start, end);
    } catch (BlobNotAvailableException e) {
      LOG.info("range of {} not readable from its systematic slivers ({}); reading the whole blob", blobId, e.getMessage());
      byte[] all = read(blobId, ReadOptions.DEFAULT, progress);
      return java.util.Arrays.copyOfRange(all, (int) start, (int) end);
    }
  }

  /** The blob's verified metadata (after the on-chain check). */
  public VerifiedBlobMetadata metadata(BlobId blobId) throws InterruptedException {
    return fetchMetadata(readCommittee(blobId), blobId);
  }

  /**
   * The nodes to read {@code blobId} from (see {@link ReadCommittee}), after checking that the chain
   * knows the blob as certified, unexpired and valid.
   */
  ReadCommittee readCommittee(BlobId blobId) {
    BlobStatus status = Futures.await(controlPlane.blobStatus(blobId));
    EpochState state = Futures.await(controlPlane.epochState());
    checkOnChain(blobId, status, state.epoch());
    OptionalInt certifiedEpoch = switch (status) {
      case BlobStatus.Permanent p -> p.initialCertifiedEpoch();
      case BlobStatus.Deletable d -> d.initialCertifiedEpoch();
      default -> OptionalInt.empty();
    };
    ReadCommittee committee = committees.forRead(state, certifiedEpoch);
    LOG.debug("read of {} (certified in epoch {}) goes to {}", blobId, certifiedEpoch, committee.describe());
    return committee;
  }

  /** Fails unless {@code status} shows the blob certified, unexpired and valid in {@code epoch}. */
  private static void checkOnChain(BlobId blobId, BlobStatus status, int epoch) {
    switch (status) {
      case BlobStatus.Nonexistent n ->
          throw new BlobNotAvailableException(blobId, Reason.NOT_FOUND, "no registration of it exists (never stored, or deleted)");
      case BlobStatus.Invalid i -> throw new BlobInvalidException(blobId, "it was invalidated on-chain (inconsistent encoding)");
      case BlobStatus.Permanent p -> {
        boolean certifiedDeletable = p.deletableCounts().certified() > 0;
        if (!p.certified() && !certifiedDeletable) {
          throw new BlobNotAvailableException(blobId, Reason.NOT_CERTIFIED, "it is registered but was never certified");
        }
        if (p.certified() && p.endEpoch() <= epoch && !certifiedDeletable) {
          throw new BlobNotAvailableException(
              blobId, Reason.EXPIRED, "its storage ended with epoch " + (p.endEpoch() - 1) + " (now " + epoch + ")");
        }
      }
      case BlobStatus.Deletable d -> {
        if (d.deletableCounts().certified() == 0) {
          throw new BlobNotAvailableException(blobId, Reason.NOT_CERTIFIED, "no certified registration of it exists");
        }
      }
    }
  }

  private VerifiedBlobMetadata fetchMetadata(ReadCommittee directory, BlobId blobId) throws InterruptedException {
    List<Member> members = directory.members();
    List<Candidate<VerifiedBlobMetadata>> candidates = new ArrayList<>();
    for (Member m : members) {
      candidates.add(new Candidate<>(m.uniqueLabel(), "metadata", () -> {
        var claimed = m.client().getMetadata(blobId, maxMetadataBytes(directory.config()));
        if (!claimed.blobId().equals(blobId)) {
          throw new IllegalStateException("served metadata of another blob " + claimed.blobId());
        }
        return claimed.verify(directory.config());
      }));
    }
    HedgedFetcher.Result<VerifiedBlobMetadata> result =
        HedgedFetcher.fetch(candidates, 1, Math.min(2, members.size()), config.hedgeDelay(), NOT_FOUND_ONLY);
    if (!result.complete(1)) {
      throw new BlobNotAvailableException(
          blobId, Reason.NOT_ENOUGH_NODES, "no node of " + directory.describe()
              + " served metadata that verify against the blob ID (" + result.failureSummary() + ")");
    }
    return result.items().get(0);
  }

  private List<SliverData> fetchPrimarySlivers(
      ReadCommittee directory, VerifiedBlobMetadata metadata, List<Integer> pairs, int needed, ProgressListener progress)
      throws InterruptedException {
    BlobId blobId = metadata.blobId();
    SliverVerifier verifier = new SliverVerifier(directory.config(), metadata);
    long maxSliverBytes = directory.config().sliverSize(SliverType.PRIMARY, metadata.unencodedLength()) + BCS_SLACK;
    AtomicLong fetched = new AtomicLong();
    progress.onProgress(Phase.FETCHING, 0, needed);
    List<Candidate<SliverData>> candidates = new ArrayList<>(pairs.size());
    for (int pair : pairs) {
      Candidate<SliverData> candidate = null;
      for (Member owner : directory.ownersOfPair(blobId, pair)) {
        Candidate<SliverData> source = new Candidate<>(owner.uniqueLabel(), "primary sliver " + pair, () -> {
          SliverData sliver = owner.client().getSliver(blobId, pair, SliverType.PRIMARY, maxSliverBytes);
          verifier.verify(sliver, SliverType.PRIMARY, pair);
          progress.onProgress(Phase.FETCHING, Math.min(needed, fetched.incrementAndGet()), needed);
          return sliver;
        });
        candidate = candidate == null ? source : candidate.orElse(source);
      }
      candidates.add(candidate);
    }
    HedgedFetcher.Result<SliverData> result =
        HedgedFetcher.fetch(
            candidates, needed, Math.max(1, Math.min(config.maxConcurrentRequests(), needed)), config.hedgeDelay(),
            NOT_FOUND_ONLY);
    if (!result.complete(needed)) {
      throw new BlobNotAvailableException(
          blobId, Reason.NOT_ENOUGH_NODES,
          "only " + result.items().size() + " of the " + needed + " verified primary slivers needed could be"
              + " fetched from " + directory.describe() + "; more than f shards' nodes are down or faulty ("
              + result.failureSummary() + ")");
    }
    if (!result.failures().isEmpty()) {
      LOG.info("read of {}: routed around faulty nodes: {}", blobId, result.failureSummary());
    }
    return result.items();
  }

  /** An upper bound of the BCS size of a blob's metadata: per shard two hashes (a tag and 32 bytes each). */
  private static long maxMetadataBytes(EncodingConfig encoding) {
    return 1024 + 2L * 40 * encoding.nShards();
  }

  /** Systematic pairs first (cheapest to decode), each group shuffled to spread the load. */
  private static List<Integer> preferredPairs(EncodingConfig encoding) {
    List<Integer> systematic = new ArrayList<>();
    List<Integer> repair = new ArrayList<>();
    for (int p = 0; p < encoding.nShards(); p++) {
      (p < encoding.primarySourceSymbols() ? systematic : repair).add(p);
    }
    Collections.shuffle(systematic, ThreadLocalRandom.current());
    Collections.shuffle(repair, ThreadLocalRandom.current());
    systematic.addAll(repair);
    return systematic;
  }
}
