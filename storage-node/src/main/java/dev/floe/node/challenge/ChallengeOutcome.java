package dev.floe.node.challenge;

import java.util.HexFormat;

/**
 * The result of challenging one member in one epoch, or of one run of that challenge.
 *
 * @param epoch the epoch
 * @param nodeId the challenged member's 20-byte node ID
 * @param name the member's name (for logs)
 * @param result passed, failed on a wrong or missing answer, or unreachable
 * @param symbolsChecked symbols verified (passing) before the outcome was decided
 * @param reason why the member failed or could not be judged; empty when it passed
 * @param runs how many times the member was challenged this epoch (1, plus one per retry of an
 *     unreachable member)
 */
public record ChallengeOutcome(long epoch, byte[] nodeId, String name, Result result, int symbolsChecked,
    String reason, int runs) {
  /** How a challenge ended. */
  public enum Result {
    /** Every checked symbol came with a valid proof. */
    PASSED,
    /**
     * The member answered wrongly: a symbol it must hold was missing (e.g. 404), malformed, of
     * another position or with a proof that does not verify. Final at once.
     */
    FAILED,
    /**
     * The member did not answer (unreachable, timeout, 429 or 5xx after the per-symbol attempts).
     * As the result of one run it is retried within the epoch; as the epoch's outcome (every retry
     * exhausted) it counts as a failure.
     */
    UNREACHABLE
  }

  public ChallengeOutcome {
    nodeId = nodeId.clone();
    if (result == null) {
      throw new IllegalArgumentException("result is required");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be >= 1, got " + runs);
    }
  }

  @Override
  public byte[] nodeId() {
    return nodeId.clone();
  }

  /** True iff the member proved every checked symbol. */
  public boolean passed() {
    return result == Result.PASSED;
  }

  /** True iff the member could not be reached (not a wrong answer). */
  public boolean unreachable() {
    return result == Result.UNREACHABLE;
  }

  /** This outcome as the {@code runs}-th run of the epoch's challenge. */
  ChallengeOutcome withRuns(int runs) {
    return new ChallengeOutcome(epoch, nodeId, name, result, symbolsChecked, reason, runs);
  }

  @Override
  public String toString() {
    String what = switch (result) {
      case PASSED -> "passed, " + symbolsChecked + " symbols";
      case FAILED -> "FAILED: " + reason;
      case UNREACHABLE -> "UNREACHABLE: " + reason;
    };
    return "ChallengeOutcome[epoch " + epoch + " " + name + " (0x" + HexFormat.of().formatHex(nodeId) + ") " + what
        + (runs > 1 ? " after " + runs + " runs" : "") + "]";
  }
}
