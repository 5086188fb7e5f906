package dev.floe.node.challenge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Storage challenge meters, registered on the node's registry with the tag {@code node=<name>}:
 * {@code storage_challenges_run_total} (members judged, one per member and epoch), {@code
 * storage_challenge_failures_observed_total} (of those, failed, unreachable ones included), {@code
 * storage_challenge_unreachable_total} (of the failures, members that never answered in any run),
 * {@code storage_challenge_retries_total} (runs repeated because the member did not answer), {@code
 * storage_challenge_attestations_signed_total} and {@code storage_challenge_failures_reported_total}.
 */
public final class ChallengeMetrics {
  private final Counter run;
  private final Counter failures;
  private final Counter attestations;
  private final Counter reported;
  private final Counter retries;
  private final Counter unreachable;

  /** Registers the meters of node {@code node} on {@code registry}. */
  public ChallengeMetrics(MeterRegistry registry, String node) {
    this.run = counter(registry, node, "storage_challenges_run", "challenges of committee members run");
    this.failures = counter(registry, node, "storage_challenge_failures_observed",
        "challenges a member failed (missing, malformed or unproven symbols, or unreachable)");
    this.attestations = counter(registry, node, "storage_challenge_attestations_signed",
        "challenge failure attestations signed for peers");
    this.reported = counter(registry, node, "storage_challenge_failures_reported",
        "challenge failures reported on-chain with a certificate");
    this.retries = counter(registry, node, "storage_challenge_retries",
        "challenges run again because the member could not be reached");
    this.unreachable = counter(registry, node, "storage_challenge_unreachable",
        "challenges failed because the member could not be reached in any run of the epoch");
  }

  private static Counter counter(MeterRegistry registry, String node, String name, String description) {
    return Counter.builder(name).description(description).tag("node", node).register(registry);
  }

  void challengeRun(ChallengeOutcome outcome) {
    run.increment();
    if (!outcome.passed()) {
      failures.increment();
    }
    if (outcome.unreachable()) {
      unreachable.increment();
    }
  }

  void retryScheduled() {
    retries.increment();
  }

  void attestationSigned() {
    attestations.increment();
  }

  void failureReported() {
    reported.increment();
  }

  /** Challenges run so far. */
  public double challengesRun() {
    return run.count();
  }

  /** Failed challenges observed so far. */
  public double failuresObserved() {
    return failures.count();
  }

  /** Attestations signed for peers so far. */
  public double attestationsSigned() {
    return attestations.count();
  }

  /** Runs repeated because the member could not be reached, so far. */
  public double retries() {
    return retries.count();
  }

  /** Members failed because they could not be reached in any run, so far. */
  public double unreachable() {
    return unreachable.count();
  }

  /** Failures reported on-chain so far. */
  public double failuresReported() {
    return reported.count();
  }
}
