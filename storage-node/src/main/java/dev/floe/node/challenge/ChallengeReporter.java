package dev.floe.node.challenge;

import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.recovery.AttestationCollector;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.ChainState;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an observed challenge failure into slashing evidence: signs the {@code
 * ChallengeFailureMessage} itself, asks every other member (not the failed one) to attest it over
 * {@code /v1/challenges/attest}, keeps the attestations over the same message signed by the
 * member's protocol key, and once they hold more than f shards submits the certificate. Retried
 * with backoff (doubling from 1 s, at most 30 s apart) while peers refuse (they may still be finishing
 * their own challenge, retrying an unreachable member or the epoch change): at least 5 attempts and
 * for at least the retry window of unreachable members, unless the epoch ends first; an "already
 * reported" answer counts as success.
 */
final class ChallengeReporter {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeReporter.class);
  private static final int ATTEMPTS = 5;
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  /** Upper bound of the random pause before a report. */
  private static final long REPORT_JITTER_MILLIS = 3_000;

  private final String logName;
  private final ChainState chainState;
  private final PeerClient peers;
  private final NodeChain chain;
  private final AttestationCollector attestations;
  private final ChallengeMetrics metrics;
  private final Duration attestTimeout;
  /** How long to keep asking peers: at least as long as they may retry an unreachable member. */
  private final Duration patience;
  /** (epoch, node ID hex) of the failures this node already got on-chain. */
  private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  ChallengeReporter(String logName, ChainState chainState, PeerClient peers, NodeSigner signer, NodeChain chain,
      ExecutorService requests, ChallengeMetrics metrics, Duration attestTimeout, Duration patience) {
    this.logName = logName;
    this.chainState = chainState;
    this.peers = peers;
    this.chain = chain;
    this.attestations = new AttestationCollector(logName, signer, requests);
    this.metrics = metrics;
    this.attestTimeout = attestTimeout;
    this.patience = patience;
  }

  /** Reports {@code failed} (blocking, once per epoch and member); true once the chain accepted the report. */
  boolean report(ChallengeOutcome failed) throws InterruptedException {
    String key = failed.epoch() + ":" + java.util.HexFormat.of().formatHex(failed.nodeId());
    if (reported.contains(key)) {
      return true;
    }
    // every honest member that saw the failure may report it; a random pause and a look at the chain
    // first mostly leave it to one of them (a duplicate would only revert as already reported)
    Thread.sleep(ThreadLocalRandom.current().nextLong(REPORT_JITTER_MILLIS));
    long backoff = 1_000;
    long giveUpAt = System.nanoTime() + patience.toNanos();
    for (int attempt = 1; attempt <= ATTEMPTS || System.nanoTime() - giveUpAt < 0; attempt++) {
      ChainState.Snapshot snap = chainState.current();
      if (snap.epoch() != failed.epoch()) {
        LOG.warn("{}: epoch {} ended before the failure of {} could be reported", logName, failed.epoch(), failed.name());
        return false;
      }
      try {
        if (chain.challengeFailed(failed.nodeId(), failed.epoch())) {
          LOG.info("{}: the challenge failure of {} in epoch {} is already on-chain", logName, failed.name(),
              failed.epoch());
          reported.add(key);
          return true;
        }
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
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
    LOG.error("{}: gave up reporting the challenge failure of {} in epoch {}", logName, failed.name(), failed.epoch());
    return false;
  }

  private boolean collectAndSubmit(ChainState.Snapshot snap, ChallengeOutcome failed) {
    byte[] message = new ChallengeFailureMessage(failed.epoch(), failed.nodeId()).toBytes();
    Map<Integer, byte[]> signatures = attestations.collect(snap.committee(), message,
        m -> !Arrays.equals(m.nodeId(), failed.nodeId()),
        m -> peers.challengeAttestation(m.networkAddress(), message, attestTimeout),
        "the challenge failure of " + failed.name());
    int weight = snap.committee().weightOf(signatures.keySet());
    Certificate certificate = snap.committee().isValidity(weight) ? Certificate.ofSecp256k1(message, signatures) : null;
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
}
