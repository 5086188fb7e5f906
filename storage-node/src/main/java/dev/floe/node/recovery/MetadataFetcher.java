package dev.floe.node.recovery;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.StorageService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob's verified metadata for a node that must rebuild or receive slivers of it: the stored
 * metadata, else the first answer from a peer (in random order) that verifies against the blob
 * ID, which is then stored. Retries rounds over the committee with exponential backoff and jitter.
 * Blocking.
 */
public final class MetadataFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataFetcher.class);

  private final String logName;
  private final ChainState chainState;
  private final StorageService storage;
  private final PeerClient peers;
  private final StorageNodeConfig.Recovery config;
  private final NodeMetrics metrics;
  private volatile String selfUrl = "";

  public MetadataFetcher(String logName, ChainState chainState, StorageService storage, PeerClient peers,
      StorageNodeConfig.Recovery config, NodeMetrics metrics) {
    this.logName = logName;
    this.chainState = chainState;
    this.storage = storage;
    this.peers = peers;
    this.config = config;
    this.metrics = metrics;
  }

  /** The node's own URL, never asked. */
  public void setSelfUrl(String url) {
    this.selfUrl = url;
  }

  /**
   * The blob's verified metadata, fetched from peers (and stored) if this node lacks it.
   *
   * @param cancelled polled between requests; when true the fetch stops with a {@link
   *     CancellationException}
   * @throws IllegalStateException when no peer served valid metadata within the configured rounds
   */
  public VerifiedBlobMetadata fetch(BlobId blobId, BooleanSupplier cancelled) {
    Optional<VerifiedBlobMetadata> local = storage.storedMetadata(blobId);
    if (local.isPresent()) {
      return local.get();
    }
    long backoff = config.initialBackoffMillis();
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      ChainState.Snapshot snap = chainState.current();
      List<CommitteeMember> members = new ArrayList<>(snap.committee().peersOf(chainState.selfAddress()));
      Collections.shuffle(members);
      for (CommitteeMember m : members) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("fetching the metadata of " + blobId + " was cancelled");
        }
        if (m.networkAddress().equals(selfUrl)) {
          continue;
        }
        try {
          VerifiedBlobMetadata md = peers.metadata(m.networkAddress(), blobId, snap.config());
          storage.storeRecoveredMetadata(md);
          return md;
        } catch (PeerClient.PeerException e) {
          LOG.debug("{}: metadata of {} from {} failed: {}", logName, blobId, m.name(), e.getMessage());
        }
      }
      if (cancelled.getAsBoolean()) {
        throw new CancellationException("fetching the metadata of " + blobId + " was cancelled");
      }
      backoff = pause(backoff);
    }
    metrics.recoveryFailed();
    throw new IllegalStateException("no peer served valid metadata of blob " + blobId);
  }

  private long pause(long backoff) {
    long jitter = ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    try {
      Thread.sleep(backoff + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
    return Math.min(backoff * 2, config.maxBackoffMillis());
  }
}
