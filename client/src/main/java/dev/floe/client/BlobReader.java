package dev.floe.client;

import dev.floe.client.BlobNotAvailableException.Reason;
import dev.floe.client.daemon.BlobBody;
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
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link #read} returns the blob as an array; {@link #readTo} writes blobs of any size to a file
 * without holding them in memory ({@link FileDecoding}). Blocking; call from a worker thread.
 * Thread-safe.
 */
public final class BlobReader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobReader.class);
  private static final HedgedFetcher.FailureClassifier NOT_FOUND_ONLY =
      t -> t instanceof NodeRequestException e && e.isNotFound();

  /** Bytes a BCS body may have beyond its payload (length prefixes, symbol size, index, tags). */
  private static final long BCS_SLACK = 64;
  /**
   * Rows of a range are rebuilt from recovery symbols (about twice a row's bytes each, proofs
   * included, at large n) while that costs at most a whole-blob read.
   */
  private static final int ROW_RECOVERY_FACTOR = 3;

  private final ControlPlane controlPlane;
  private final ClientConfig config;
  private final Committees committees;
  private final FileDecoding files;
  private final RowRecovery rowRecovery;

  BlobReader(ControlPlane controlPlane, ClientConfig config, Committees committees) {
    this.controlPlane = controlPlane;
    this.config = config;
    this.committees = committees;
    this.files = new FileDecoding(this, config);
    this.rowRecovery = new RowRecovery(config);
  }

  /**
   * Reads and verifies the whole blob into memory.
   *
   * @throws dev.floe.core.errors.InvalidSizeException if the blob does not fit in a byte array (use
   *     {@link #readTo})
   */
  public byte[] read(BlobId blobId, ReadOptions options, ProgressListener progress) throws InterruptedException {
    Located at = locate(blobId);
    BlobSizes.requireArraySized(blobId, at.length());
    return decodeInMemory(at, options, progress);
  }

  /**
   * Reads and verifies the whole blob into {@code out}, for blobs of any size: the decoded bytes go
   * to a temporary file next to {@code out} that replaces {@code out} atomically only once every
   * check passed, so {@code out} never holds partial or unchecked bytes (and is left as it was when
   * the read fails). When the n-2f systematic slivers can be had, each is written to the file as it
   * arrives and only the slivers in flight are held in memory; otherwise the repair slivers are
   * spilled to a temporary file next to {@code out} and the blob is decoded a batch of columns at a
   * time, again with only a few MiB in memory. A new {@code out} gets the permissions of any new
   * file (the umask's), a replaced one keeps its own. The temporary file is also deleted when the JVM
   * shuts down during the read ({@link PartFiles}).
   *
   * @return the blob's length in bytes
   * @throws IOException if the file cannot be written or moved into place, or {@code out} is a
   *     directory (refused before anything is fetched)
   */
  public long readTo(BlobId blobId, Path out, ReadOptions options, ProgressListener progress)
      throws IOException, InterruptedException {
    Path target = out.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new IOException(target + " is a directory; give the path of a file to write the blob to");
    }
    Path dir = target.getParent();
    Located at = locate(blobId); // first: a blob that is not there creates no folders
    Files.createDirectories(dir);
    Path part = createPartFile(dir, target);
    PartFiles.track(part);
    try {
      long length = files.decodeInto(at, part, options, progress);
      try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      keepPermissions(target, part);
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return length;
    } finally {
      Files.deleteIfExists(part);
      PartFiles.release(part);
    }
  }

  /**
   * A new empty file {@code .NAME.RANDOM.part} next to {@code target}, created with the permissions
   * of any new file ({@link Files#createTempFile} would make it private to the owner, and the blob
   * would keep that mode after the move).
   */
  private static Path createPartFile(Path dir, Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path part = dir.resolve("." + target.getFileName() + "."
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
      try {
        return Files.createFile(part);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Gives {@code part} the POSIX permissions of {@code target} if that exists (a replaced file keeps its mode). */
  private static void keepPermissions(Path target, Path part) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    try {
      Files.setPosixFilePermissions(part, Files.getPosixFilePermissions(target));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the new file's defaults
    }
  }

  /**
   * Reads and verifies the whole blob: into memory when it has at most {@code inMemoryLimit} bytes,
   * else into a new temporary file in {@code spoolDir} that the caller owns; {@code beforeSpooling}
   * gets the blob's length before that file is created and may refuse by throwing.
   */
  BlobBody readWhole(BlobId blobId, ReadOptions options, long inMemoryLimit, Path spoolDir,
      java.util.function.LongConsumer beforeSpooling, ProgressListener progress)
      throws IOException, InterruptedException {
    Located at = locate(blobId);
    if (BlobSizes.readsInMemory(at.length(), inMemoryLimit)) {
      return new BlobBody.InMemory(decodeInMemory(at, options, progress));
    }
    beforeSpooling.accept(at.length());
    Path file = Files.createTempFile(spoolDir, "floe-get-", ".blob");
    try {
      return new BlobBody.InFile(file, files.decodeInto(at, file, options, progress));
    } catch (IOException | RuntimeException | Error | InterruptedException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private byte[] decodeInMemory(Located at, ReadOptions options, ProgressListener progress)
      throws InterruptedException {
    EncodingConfig encoding = at.config();
    List<SliverData> slivers =
        fetchPrimarySlivers(at, preferredPairs(encoding), encoding.primarySourceSymbols(), progress);
    progress.onProgress(Phase.DECODING, 0, 1);
    byte[] blob = decoding(at.blobId(), () -> decoder(encoding).decode(at.metadata(), slivers, options.consistencyCheck()));
    progress.onProgress(Phase.DECODING, 1, 1);
    return blob;
  }

  /**
   * Reads bytes {@code [start, start + length)} (clamped to the blob's end) from the systematic
   * primary slivers that hold them, each verified against the metadata. The rows that cannot be had
   * are rebuilt from recovery symbols served by the other nodes ({@link RowRecovery}), as long as
   * that costs less than reading the whole blob; otherwise, or if that fails, the whole blob is read
   * (in memory for blobs up to {@link ClientConfig#inMemoryEncodingLimit()}, else through a
   * temporary file).
   *
   * @throws dev.floe.core.errors.InvalidSizeException if the clamped range does not fit in a byte
   *     array
   */
  public byte[] readRange(BlobId blobId, long start, long length, ProgressListener progress)
      throws IOException, InterruptedException {
    return readRange(blobId, start, length, progress, blobLength -> {});
  }

  /**
   * As {@link #readRange(BlobId, long, long, ProgressListener)}, calling {@code beforeWholeDecode}
   * with the blob's length before the fallback to a whole-blob decode starts (and only then: a range
   * served by its systematic slivers, or by rows rebuilt from recovery symbols, never calls it). An exception it throws fails the read before
   * anything more is fetched or decoded; a server uses it to bound how many whole blobs it decodes
   * at once.
   */
  public byte[] readRange(BlobId blobId, long start, long length, ProgressListener progress,
      java.util.function.LongConsumer beforeWholeDecode) throws IOException, InterruptedException {
    return readRange(blobId, start, length, progress, beforeWholeDecode, null);
  }

  /**
   * As {@link #readRange(BlobId, long, long, ProgressListener, java.util.function.LongConsumer)},
   * decoding a whole blob that does not fit in memory through a temporary file in {@code tempDir}
   * ({@code java.io.tmpdir} when null), deleted before this returns.
   */
  public byte[] readRange(BlobId blobId, long start, long length, ProgressListener progress,
      java.util.function.LongConsumer beforeWholeDecode, Path tempDir) throws IOException, InterruptedException {
    java.util.Objects.requireNonNull(beforeWholeDecode, "beforeWholeDecode");
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("start and length must not be negative: " + start + ", " + length);
    }
    Located at = locate(blobId);
    long size = at.length();
    long end = BlobSizes.rangeEnd(start, length, size);
    ByteRangeReader ranges = new ByteRangeReader(at.config(), at.metadata());
    ByteRangeReader.SliverSpan span = ranges.slivers(start, end);
    List<Integer> pairs = new ArrayList<>();
    for (int p = span.first(); p < span.end(); p++) {
      pairs.add(p);
    }
    HedgedFetcher.Result<SliverData> got = fetchPrimary(at, pairs, span.count(), 0, span.count(), progress, s -> s);
    if (got.complete(span.count())) {
      return ranges.extract(got.items(), start, end);
    }
    List<Integer> missing = new ArrayList<>(pairs);
    got.items().forEach(s -> missing.remove((Integer) s.index()));
    long rowBytes = at.config().sliverSize(SliverType.PRIMARY, size);
    if ((long) missing.size() * rowBytes * ROW_RECOVERY_FACTOR <= size) {
      try {
        List<SliverData> slivers = new ArrayList<>(got.items());
        slivers.addAll(rowRecovery.recover(at, missing));
        return ranges.extract(slivers, start, end);
      } catch (BlobNotAvailableException e) {
        LOG.info("range of {}: primary slivers {} could not be rebuilt from recovery symbols ({}); reading the whole blob",
            blobId, missing, e.getMessage());
      }
    } else {
      LOG.info("range of {} not readable from its systematic slivers ({}); reading the whole blob", blobId,
          got.failureSummary());
    }
    beforeWholeDecode.accept(size);
    if (BlobSizes.readsInMemory(size, config.inMemoryEncodingLimit())) {
      byte[] all = decodeInMemory(at, ReadOptions.DEFAULT, progress);
      return Arrays.copyOfRange(all, (int) start, (int) end);
    }
    return files.readRangeThroughFile(at, start, end, progress, tempDir);
  }

  /** The blob's verified metadata (after the on-chain check). */
  public VerifiedBlobMetadata metadata(BlobId blobId) throws InterruptedException {
    return locate(blobId).metadata();
  }

  /** Checks the chain, picks the read committee and fetches verified metadata. */
  Located locate(BlobId blobId) throws InterruptedException {
    ReadCommittee directory = readCommittee(blobId);
    return new Located(directory, fetchMetadata(directory, blobId));
  }

  /**
   * A blob found: the nodes to read it from and its verified metadata.
   *
   * @param directory the read committee
   * @param metadata the verified metadata
   */
  record Located(ReadCommittee directory, VerifiedBlobMetadata metadata) {
    BlobId blobId() {
      return metadata.blobId();
    }

    long length() {
      return metadata.unencodedLength();
    }

    EncodingConfig config() {
      return directory.config();
    }
  }

  /** A decoder with this client's thread budget. */
  RedStuffDecoder decoder(EncodingConfig encoding) {
    return new RedStuffDecoder(encoding).withThreads(config.effectiveEncoderThreads());
  }

  /** Runs a decode, mapping the decoder's failures to the SDK's. */
  static <T> T decoding(BlobId blobId, java.util.function.Supplier<T> decode) {
    try {
      return decode.get();
    } catch (InconsistentEncodingException e) {
      throw new BlobInvalidException(blobId, "its slivers are inconsistent with its metadata: " + e.getMessage(), e);
    } catch (NotEnoughSymbolsException e) {
      throw new BlobNotAvailableException(blobId, Reason.NOT_ENOUGH_NODES, e.getMessage(), e);
    }
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

  /**
   * Fetches {@code needed} verified primary slivers of {@code pairs}.
   *
   * @throws BlobNotAvailableException if fewer could be had
   */
  List<SliverData> fetchPrimarySlivers(Located at, List<Integer> pairs, int needed, ProgressListener progress)
      throws InterruptedException {
    HedgedFetcher.Result<SliverData> result = fetchPrimary(at, pairs, needed, 0, needed, progress, s -> s);
    if (!result.complete(needed)) {
      throw new BlobNotAvailableException(
          at.blobId(), Reason.NOT_ENOUGH_NODES,
          "only " + result.items().size() + " of the " + needed + " verified primary slivers needed could be"
              + " fetched from " + at.directory().describe() + "; more than f shards' nodes are down or faulty ("
              + result.failureSummary() + ")");
    }
    return result.items();
  }

  /**
   * Fetches primary slivers of {@code pairs} from their owners until {@code needed} of them verified
   * and passed {@code onVerified}; never throws for node failures (see the result). Progress counts
   * from {@code doneBefore} of {@code total}.
   */
  <T> HedgedFetcher.Result<T> fetchPrimary(Located at, List<Integer> pairs, int needed, int doneBefore, int total,
      ProgressListener progress, SliverHandler<T> onVerified) throws InterruptedException {
    BlobId blobId = at.blobId();
    ReadCommittee directory = at.directory();
    SliverVerifier verifier = new SliverVerifier(directory.config(), at.metadata());
    long maxSliverBytes = directory.config().sliverSize(SliverType.PRIMARY, at.length()) + BCS_SLACK;
    AtomicLong fetched = new AtomicLong(doneBefore);
    progress.onProgress(Phase.FETCHING, doneBefore, total);
    List<Candidate<T>> candidates = new ArrayList<>(pairs.size());
    for (int pair : pairs) {
      Candidate<T> candidate = null;
      for (Member owner : directory.ownersOfPair(blobId, pair)) {
        Candidate<T> source = new Candidate<>(owner.uniqueLabel(), "primary sliver " + pair, () -> {
          SliverData sliver = owner.client().getSliver(blobId, pair, SliverType.PRIMARY, maxSliverBytes);
          verifier.verify(sliver, SliverType.PRIMARY, pair);
          T value = onVerified.accept(sliver);
          progress.onProgress(Phase.FETCHING, Math.min(total, fetched.incrementAndGet()), total);
          return value;
        });
        candidate = candidate == null ? source : candidate.orElse(source);
      }
      candidates.add(candidate);
    }
    HedgedFetcher.Result<T> result =
        HedgedFetcher.fetch(
            candidates, needed, Math.max(1, Math.min(config.maxConcurrentRequests(), needed)), config.hedgeDelay(),
            NOT_FOUND_ONLY);
    if (!result.failures().isEmpty()) {
      LOG.info("read of {}: routed around faulty nodes: {}", blobId, result.failureSummary());
    }
    return result;
  }

  /** What to do with each verified sliver as it arrives (runs on fetch threads). */
  @FunctionalInterface
  interface SliverHandler<T> {
    T accept(SliverData verified) throws Exception;
  }

  /** An upper bound of the BCS size of a blob's metadata: per shard two hashes (a tag and 32 bytes each). */
  private static long maxMetadataBytes(EncodingConfig encoding) {
    return 1024 + 2L * 40 * encoding.nShards();
  }

  /** Systematic pairs first (cheapest to decode), each group shuffled to spread the load. */
  static List<Integer> preferredPairs(EncodingConfig encoding) {
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
