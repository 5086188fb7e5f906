package dev.floe.client.upload;

import dev.floe.client.ClientConfig;
import dev.floe.client.FloeClientException;
import dev.floe.client.ProgressListener;
import dev.floe.client.ProgressListener.Phase;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.committee.Bft;
import dev.floe.core.encoding.BlobSource;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverPair;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SliverView;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.StorageConfirmation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload half of a store: sends the metadata and the sliver pairs of a registered blob to the
 * members of the current committee, all members in parallel, and collects their signed storage
 * confirmations until they carry a quorum of shard weight; returns the certificate to submit
 * on-chain. Members that are down, slow or refuse count as failed; the upload succeeds as long as
 * the others hold a quorum (the failed ones recover their slivers after certification).
 *
 * <p>Memory is bounded by {@link ClientConfig#maxBytesInFlight()}: the BCS body of every sliver, out
 * of an in-memory encoding or a streaming encoder, waits for room in the budget before it is made, so
 * copying (and a streaming encoder) slows down to the pace of the uploads. Each call is independent; the instance is thread-safe.
 */
public final class BlobUploader {
  private static final Logger LOG = LoggerFactory.getLogger(BlobUploader.class);

  private final NodeDirectory directory;
  private final ClientConfig config;

  public BlobUploader(NodeDirectory directory, ClientConfig config) {
    this.directory = directory;
    this.config = config;
  }

  /** Uploads a blob encoded in memory. */
  public Certificate upload(EncodedBlob encoded, BlobPersistence persistence, ProgressListener progress)
      throws InterruptedException {
    checkConfig(encoded.config());
    Session session = new Session(encoded.metadata(), persistence, progress);
    session.start();
    try {
      for (SliverPair pair : encoded.pairs()) {
        session.offerCopy(pair.index(), pair.primary());
        session.offerCopy(pair.index(), pair.secondary());
      }
    } catch (RuntimeException | InterruptedException e) {
      session.abort();
      throw e;
    }
    return session.finish();
  }

  /**
   * Encodes {@code source} with {@code encoder} and uploads every sliver as it is produced. {@code
   * metadata} must be the blob's metadata (computed and registered beforehand); a mismatch aborts.
   */
  public Certificate upload(
      RedStuffEncoder encoder, BlobSource source, VerifiedBlobMetadata metadata, BlobPersistence persistence,
      ProgressListener progress) throws InterruptedException {
    checkConfig(encoder.config());
    Session session = new Session(metadata, persistence, progress);
    TransferLimiter memory = session.limiter;
    session.start();
    VerifiedBlobMetadata produced;
    try {
      produced = encoder.encode(source, view -> session.offerStreamed(view, memory));
    } catch (RuntimeException e) {
      session.abort();
      throw e;
    }
    if (!produced.blobId().equals(metadata.blobId())) {
      session.abort();
      throw new FloeClientException(
          "the blob changed while it was stored: registered " + metadata.blobId() + ", encoded " + produced.blobId());
    }
    return session.finish();
  }

  private void checkConfig(EncodingConfig encoding) {
    if (encoding.nShards() != directory.config().nShards()) {
      throw new IllegalArgumentException(
          "blob encoded for " + encoding.nShards() + " shards, committee has " + directory.config().nShards());
    }
  }

  /** One upload: the per-member uploaders, the collector, progress. */
  private final class Session {
    private final VerifiedBlobMetadata metadata;
    private final BlobId blobId;
    private final ProgressListener progress;
    private final ConfirmationCollector collector;
    private final TransferLimiter limiter;
    private final Map<Integer, NodeUploader> uploaderByMember = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong uploaded = new AtomicLong();
    private final long totalBytes;
    private long startedNanos;

    Session(VerifiedBlobMetadata metadata, BlobPersistence persistence, ProgressListener progress) {
      this.metadata = metadata;
      this.blobId = metadata.blobId();
      this.progress = progress;
      EncodingConfig encoding = directory.config();
      this.totalBytes =
          (long) encoding.nShards()
              * (encoding.sliverSize(SliverType.PRIMARY, metadata.unencodedLength())
                  + encoding.sliverSize(SliverType.SECONDARY, metadata.unencodedLength()));
      StorageConfirmation expected = new StorageConfirmation(directory.epoch(), blobId, persistence);
      this.collector = new ConfirmationCollector(expected, encoding.nShards(), directory.members().size());
      this.limiter =
          new TransferLimiter(config.maxConcurrentRequests(), config.maxRequestsPerNode(), config.maxBytesInFlight());
      Optional<byte[]> objectId =
          persistence instanceof BlobPersistence.Deletable d ? Optional.of(d.objectId()) : Optional.empty();
      for (Member member : directory.members()) {
        uploaderByMember.put(
            member.index(),
            new NodeUploader(
                member, blobId, metadata.metadata(), 2 * member.weight(), objectId, limiter, collector,
                config.confirmationTimeout(), this::uploaded));
      }
    }

    void start() {
      startedNanos = System.nanoTime();
      progress.onProgress(Phase.UPLOADING, 0, totalBytes);
      for (NodeUploader uploader : uploaderByMember.values()) {
        threads.add(Thread.ofVirtual().name("upload-" + uploader.member().name()).start(uploader));
      }
    }

    private void uploaded(long bytes) {
      long done = uploaded.addAndGet(bytes);
      progress.onProgress(Phase.UPLOADING, Math.min(done, totalBytes), totalBytes);
    }

    private NodeUploader uploaderOf(int pairIndex) {
      return uploaderByMember.get(directory.ownerOfPair(blobId, pairIndex).index());
    }

    /**
     * Queues a BCS copy of an in-memory sliver, made only once the byte budget has room for it: the
     * copies waiting for slow nodes would otherwise add up to a second copy of the encoded blob.
     */
    void offerCopy(int pairIndex, SliverData sliver) throws InterruptedException {
      TransferLimiter.Permit memory = limiter.acquireBytes(sliver.bcsSize());
      uploaderOf(pairIndex).offer(new SliverUpload(pairIndex, sliver.type(), sliver.toBcs(), memory));
    }

    void offerStreamed(SliverView view, TransferLimiter memoryLimiter) {
      int n = directory.config().nShards();
      int pairIndex = view.type() == SliverType.PRIMARY ? view.index() : n - 1 - view.index();
      TransferLimiter.Permit memory;
      try {
        memory = memoryLimiter.acquireBytes(view.bcsSize());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FloeClientException("upload of " + blobId + " was interrupted", e);
      }
      BcsWriter w = new BcsWriter(view.bcsSize());
      view.writeBcs(w);
      uploaderOf(pairIndex).offer(new SliverUpload(pairIndex, view.type(), w.toByteArray(), memory));
    }

    Certificate finish() throws InterruptedException {
      try {
        boolean quorum = collector.awaitQuorum(config.confirmationTimeout().plus(uploadAllowance()),
            config.extraConfirmationWait());
        progress.onProgress(
            Phase.CONFIRMING, collector.confirmedWeight(), Bft.quorumWeight(directory.config().nShards()));
        LOG.debug("upload of {} ({} sliver bytes) to the committee of epoch {}: {} after {} ms", blobId, totalBytes,
            directory.epoch(), quorum ? "quorum" : "no quorum", (System.nanoTime() - startedNanos) / 1_000_000);
        if (!quorum) {
          LOG.warn("upload of {}: no quorum of confirmations: {}", blobId, collector.failureSummary());
        } else if (!collector.failureSummary().isEmpty()) {
          LOG.info("upload of {}: quorum reached; failed nodes: {}", blobId, collector.failureSummary());
        }
        return collector.certificate();
      } finally {
        abort();
      }
    }

    /** Time the slivers may take to reach slow-but-working nodes: 1 s per 10 MiB, at least 10 s. */
    private java.time.Duration uploadAllowance() {
      return java.time.Duration.ofSeconds(Math.max(10, totalBytes / (10L << 20)));
    }

    void abort() {
      threads.forEach(Thread::interrupt);
    }
  }
}
