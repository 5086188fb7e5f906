package dev.floe.node.challenge;

import java.util.HexFormat;

/**
 * The result of challenging one member in one epoch.
 *
 * @param epoch the epoch
 * @param nodeId the challenged member's 20-byte node ID
 * @param name the member's name (for logs)
 * @param passed true iff every checked symbol came with a valid proof
 * @param symbolsChecked symbols verified (passing) before the outcome was decided
 * @param reason why the member failed; empty when it passed
 */
public record ChallengeOutcome(long epoch, byte[] nodeId, String name, boolean passed, int symbolsChecked,
    String reason) {
  public ChallengeOutcome {
    nodeId = nodeId.clone();
  }

  @Override
  public byte[] nodeId() {
    return nodeId.clone();
  }

  @Override
  public String toString() {
    return "ChallengeOutcome[epoch " + epoch + " " + name + " (0x" + HexFormat.of().formatHex(nodeId) + ") "
        + (passed ? "passed, " + symbolsChecked + " symbols" : "FAILED: " + reason) + "]";
  }
}
