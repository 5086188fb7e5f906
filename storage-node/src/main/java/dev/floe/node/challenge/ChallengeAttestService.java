package dev.floe.node.challenge;

import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.NodeException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/challenges/attest}: a peer that saw a member fail its storage challenge asks this
 * node to attest it. The body is the BCS {@code ChallengeFailureMessage} to sign; it must be of the
 * current epoch and name another member of the current committee. The node then challenges that
 * member itself (same seed, its own secret picks and blob list; one outcome per epoch and member,
 * shared with its own round) and signs only if the member fails here too; otherwise it answers 409
 * {@code CHALLENGE_PASSED}. A member this node cannot reach right now, with retries of its challenge
 * still to come, is not signed against: the answer is 503 {@code NODE_NOT_READY} (retry later) until
 * a run reaches the member or every retry was unreachable. At most {@code attest_concurrency}
 * requests wait for a challenge at once, past that 503; an outcome already known is answered
 * without waiting.
 */
public final class ChallengeAttestService {
  /** The route. */
  public static final String ROUTE = dev.floe.core.protocol.Routes.CHALLENGE_ATTEST;
  /** The route's body limit: a {@code ChallengeFailureMessage} has 44 bytes; longer bodies get MALFORMED_BCS. */
  public static final int BODY_LIMIT = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ChallengeAttestService.class);

  private final String logName;
  private final ChainState chainState;
  private final ChallengeOutcomes outcomes;
  private final NodeSigner signer;
  private final ChallengeMetrics metrics;
  private final StorageNodeConfig.Challenges settings;
  private final Semaphore permits;
  private final long waitMillis;

  ChallengeAttestService(String logName, ChainState chainState, ChallengeOutcomes outcomes, NodeSigner signer,
      ChallengeMetrics metrics, StorageNodeConfig.Challenges settings) {
    this.logName = logName;
    this.chainState = chainState;
    this.outcomes = outcomes;
    this.signer = signer;
    this.metrics = metrics;
    this.settings = settings;
    this.permits = new Semaphore(settings.attestConcurrency());
    this.waitMillis = settings.attestTimeoutMillis();
  }

  /** Checks the message, challenges the member (or reuses the outcome) and signs if it failed. Blocking. */
  public SignedMessage attest(byte[] body) {
    ChallengeFailureMessage message;
    try {
      message = ChallengeFailureMessage.parse(body);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.MALFORMED_BCS,
          "body is not a BCS ChallengeFailureMessage: " + e.getMessage(), e);
    }
    ChainState.Snapshot snap = chainState.current();
    if (message.epoch() != snap.epoch()) {
      throw new NodeException(ErrorReason.EPOCH_MISMATCH,
          "the message is of epoch " + message.epoch() + " but this node is in epoch " + snap.epoch());
    }
    String node = "0x" + HexFormat.of().formatHex(message.nodeId());
    CommitteeMember target = snap.committee().members().stream()
        .filter(m -> Arrays.equals(m.nodeId(), message.nodeId())).findFirst()
        .orElseThrow(() -> new NodeException(ErrorReason.NOT_COMMITTEE_MEMBER,
            "node " + node + " is not a member of the committee of epoch " + snap.epoch()));
    if (target.hasProtocolAddress(signer.protocolAddress())) {
      throw new NodeException(ErrorReason.INVALID_PARAMETER, "this node does not attest its own challenge failure");
    }
    ChallengeOutcome outcome = outcomes.finished(snap.epoch(), target.nodeId())
        .or(() -> outcomes.latestRun(snap.epoch(), target.nodeId()))
        .orElseGet(() -> firstRun(snap, target));
    if (outcome.unreachable()) {
      // the first run could not reach the member: sign only once every retry could not either
      outcome = outcomes.finished(snap.epoch(), target.nodeId()).orElseThrow(() -> unreachableForNow(snap, target));
    }
    if (outcome.passed()) {
      throw new NodeException(ErrorReason.CHALLENGE_PASSED, target.name() + " (" + node
          + ") passed this node's challenge of epoch " + snap.epoch() + " (" + outcome.symbolsChecked() + " symbols)");
    }
    SignedMessage signed = new SignedMessage(message.toBytes(), signer.sign(message.toBytes()));
    metrics.attestationSigned();
    LOG.warn("{}: attested that {} failed its storage challenge of epoch {}: {}", logName, target.name(),
        snap.epoch(), outcome.reason());
    return signed;
  }

  private NodeException unreachableForNow(ChainState.Snapshot snap, CommitteeMember target) {
    String runs = outcomes.latestRun(snap.epoch(), target.nodeId()).map(o -> " in " + o.runs() + " of "
        + (settings.unreachableRetries() + 1) + " runs").orElse("");
    return new NodeException(ErrorReason.NODE_NOT_READY, "this node could not reach " + target.name() + runs
        + " of its challenge of epoch " + snap.epoch() + " yet and tries again within the epoch; retry later");
  }

  /** The first run's outcome of this node's challenge of {@code target}, waiting for it if needed. */
  private ChallengeOutcome firstRun(ChainState.Snapshot snap, CommitteeMember target) {
    if (!permits.tryAcquire()) {
      throw new NodeException(ErrorReason.TOO_MANY_REQUESTS,
          "this node is already challenging members for other attest requests; retry later");
    }
    try {
      return outcomes.firstRun(snap, target).get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeException(ErrorReason.TOO_MANY_REQUESTS, "interrupted while challenging " + target.name(), e);
    } catch (TimeoutException e) {
      throw new NodeException(ErrorReason.TOO_MANY_REQUESTS,
          "the challenge of " + target.name() + " is still running; retry later", e);
    } catch (ExecutionException e) {
      LOG.warn("{}: could not challenge {}: {}", logName, target.name(), e.getCause().toString());
      throw new NodeException(ErrorReason.NODE_NOT_READY,
          "this node cannot challenge " + target.name() + " right now; retry later", e);
    } finally {
      permits.release();
    }
  }
}
