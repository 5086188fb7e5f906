package dev.floe.node.recovery;

import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.service.ChainState;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a proven inconsistency into an on-chain invalidation (walrus-protocol.md §5.4): the node
 * signs an {@code InvalidBlobId} message itself, posts the inconsistency proof to every peer, keeps
 * the attestations that are over the same message and signed by the member's protocol key, and once
 * they hold more than f shards submits the certificate. Each blob is reported once.
 */
public final class InconsistencyReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InconsistencyReporter.class);
  private static final int ATTEMPTS = 5;

  private final String logName;
  private final ChainState chainState;
  private final PeerClient peers;
  private final NodeChain chain;
  private final ExecutorService executor;
  private final ExecutorService requests;
  private final AttestationCollector attestations;
  private final Set<BlobId> reported = ConcurrentHashMap.newKeySet();
  private volatile String selfUrl = "";

  public InconsistencyReporter(String logName, ChainState chainState, PeerClient peers, NodeSigner signer,
      NodeChain chain) {
    this.logName = logName;
    this.chainState = chainState;
    this.peers = peers;
    this.chain = chain;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, logName + "-invalidate");
      t.setDaemon(true);
      return t;
    });
    this.requests = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, logName + "-attest");
      t.setDaemon(true);
      return t;
    });
    this.attestations = new AttestationCollector(logName, signer, requests);
  }

  /** The node's own URL, never posted to. */
  public void setSelfUrl(String url) {
    this.selfUrl = url;
  }

  /** Starts the invalidation of the blob (once per blob). */
  public void report(InconsistentBlobException e) {
    if (!reported.add(e.blobId())) {
      return;
    }
    executor.execute(() -> invalidate(e));
  }

  private void invalidate(InconsistentBlobException e) {
    long backoff = 500;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        if (collectAndSubmit(e)) {
          return;
        }
      } catch (RuntimeException ex) {
        LOG.warn("{}: invalidating blob {} failed (attempt {}): {}", logName, e.blobId(), attempt, ex.getMessage());
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff *= 2;
    }
    reported.remove(e.blobId());
    LOG.error("{}: gave up invalidating inconsistent blob {}", logName, e.blobId());
  }

  private boolean collectAndSubmit(InconsistentBlobException e) {
    ChainState.Snapshot snap = chainState.current();
    byte[] message = new InvalidBlobIdMessage(snap.epoch(), e.blobId()).toBytes();
    Map<Integer, byte[]> signatures = attestations.collect(snap.committee(), message,
        m -> !m.networkAddress().equals(selfUrl),
        m -> peers.inconsistencyProof(m.networkAddress(), e.blobId(), e.sliverType(), e.proofBcs()),
        "the inconsistency of " + e.blobId());
    int weight = snap.committee().weightOf(signatures.keySet());
    if (!snap.committee().isValidity(weight)) {
      LOG.warn("{}: only {} of {} shards attested the inconsistency of {}", logName, weight, snap.nShards(), e.blobId());
      return false;
    }
    chain.invalidateBlob(Certificate.ofSecp256k1(message, signatures));
    LOG.info("{}: invalidated blob {} on-chain with attestations of {} shards", logName, e.blobId(), weight);
    return true;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    requests.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
      requests.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
