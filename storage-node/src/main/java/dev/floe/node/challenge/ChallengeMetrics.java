package dev.floe.node.challenge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Storage challenge meters, registered on the node's registry with the tag {@code node=<name>}:
 * {@code storage_challenges_run_total}, {@code storage_challenge_failures_observed_total}, {@code
 * storage_challenge_attestations_signed_total} and {@code storage_challenge_failures_reported_total}.
 */
public final class ChallengeMetrics {
  private final Counter run;
  private final Counter failures;
  private final Counter attestations;
  private final Counter reported;

  /** Registers the meters of node {@code node} on {@code registry}. */
  public ChallengeMetrics(MeterRegistry registry, String node) {
    this.run = counter(registry, node, "storage_challenges_run", "challenges of committee members run");
    this.failures = counter(registry, node, "storage_challenge_failures_observed",
        "challenges a member failed (missing, malformed or unproven symbols, or unreachable)");
    this.attestations = counter(registry, node, "storage_challenge_attestations_signed",
        "challenge failure attestations signed for peers");
    this.reported = counter(registry, node, "storage_challenge_failures_reported",
        "challenge failures reported on-chain with a certificate");
  }

  private static Counter counter(MeterRegistry registry, String node, String name, String description) {
    return Counter.builder(name).description(description).tag("node", node).register(registry);
  }

  void challengeRun(boolean passed) {
    run.increment();
    if (!passed) {
      failures.increment();
    }
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

  /** Failures reported on-chain so far. */
  public double failuresReported() {
    return reported.count();
  }
}
