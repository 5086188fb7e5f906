package dev.floe.node.challenge;

import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.ChainState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an observed challenge failure into slashing evidence: signs the {@code
 * ChallengeFailureMessage} itself, asks every other member (not the failed one) to attest it over
 * {@code /v1/challenges/attest}, keeps the attestations over the same message signed by the
 * member's protocol key, and once they hold more than f shards submits the certificate. Retried
 * with backoff while peers refuse (they may still be finishing their own challenge or the epoch
 * change) until the epoch ends; an "already reported" answer counts as success.
 */
final class ChallengeReporter {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeReporter.class);
  private static final int ATTEMPTS = 5;

  private final String logName;
  private final ChainState chainState;
  private final PeerClient peers;
  private final NodeSigner signer;
  private final NodeChain chain;
  private final ExecutorService requests;
  private final ChallengeMetrics metrics;
  private final Duration attestTimeout;
  /** (epoch, node ID hex) of the failures this node already got on-chain. */
  private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  ChallengeReporter(String logName, ChainState chainState, PeerClient peers, NodeSigner signer, NodeChain chain,
      ExecutorService requests, ChallengeMetrics metrics, Duration attestTimeout) {
    this.logName = logName;
    this.chainState = chainState;
    this.peers = peers;
    this.signer = signer;
    this.chain = chain;
    this.requests = requests;
    this.metrics = metrics;
    this.attestTimeout = attestTimeout;
  }

  /** Reports {@code failed} (blocking, once per epoch and member); true once the chain accepted the report. */
  boolean report(ChallengeOutcome failed) throws InterruptedException {
    String key = failed.epoch() + ":" + java.util.HexFormat.of().formatHex(failed.nodeId());
    if (reported.contains(key)) {
      return true;
    }
    long backoff = 1_000;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ChainState.Snapshot snap = chainState.current();
      if (snap.epoch() != failed.epoch()) {
        LOG.warn("{}: epoch {} ended before the failure of {} could be reported", logName, failed.epoch(), failed.name());
        return false;
      }
      try {
        if (collectAndSubmit(snap, failed)) {
          reported.removeIf(k -> !k.startsWith(failed.epoch() + ":"));
          reported.add(key);
          return true;
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: reporting the challenge failure of {} failed (attempt {}): {}", logName, failed.name(), attempt,
            e.getMessage());
      }
      Thread.sleep(backoff);
      backoff *= 2;
    }
    LOG.error("{}: gave up reporting the challenge failure of {} in epoch {}", logName, failed.name(), failed.epoch());
    return false;
  }

  private boolean collectAndSubmit(ChainState.Snapshot snap, ChallengeOutcome failed) {
    byte[] message = new ChallengeFailureMessage(failed.epoch(), failed.nodeId()).toBytes();
    Map<Integer, byte[]> signatures = new TreeMap<>();
    snap.committee().memberByProtocolAddress(signer.protocolAddress())
        .ifPresent(self -> signatures.put(self.index(), signer.sign(message)));
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (CommitteeMember m : snap.committee().peersOf(signer.protocolAddress())) {
      if (m.weight() == 0 || Arrays.equals(m.nodeId(), failed.nodeId())) {
        continue;
      }
      pending.add(CompletableFuture.runAsync(() -> ask(m, message, signatures), requests));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    Certificate certificate;
    int weight;
    synchronized (signatures) {
      weight = snap.committee().weightOf(signatures.keySet());
      certificate = snap.committee().isValidity(weight) ? Certificate.ofSecp256k1(message, signatures) : null;
    }
    if (certificate == null) {
      LOG.warn("{}: only {} of {} shards attested that {} failed its challenge", logName, weight, snap.nShards(),
          failed.name());
      return false;
    }
    chain.reportChallengeFailure(certificate);
    metrics.failureReported();
    LOG.warn("{}: reported on-chain that {} failed its storage challenge of epoch {} (attestations of {} shards)",
        logName, failed.name(), failed.epoch(), weight);
    return true;
  }

  private void ask(CommitteeMember m, byte[] message, Map<Integer, byte[]> signatures) {
    try {
      SignedMessage att = peers.challengeAttestation(m.networkAddress(), message, attestTimeout);
      if (!Arrays.equals(att.message(), message)) {
        LOG.info("{}: {} attested another message; ignored", logName, m.name());
        return;
      }
      if (!att.isSignedBy(m.protocolAddress())) {
        LOG.warn("{}: {} sent an attestation not signed by its protocol key; ignored", logName, m.name());
        return;
      }
      synchronized (signatures) {
        signatures.put(m.index(), att.signature());
      }
    } catch (PeerClient.PeerException | RuntimeException e) {
      LOG.info("{}: {} did not attest the challenge failure: {}", logName, m.name(), e.getMessage());
    }
  }
}
