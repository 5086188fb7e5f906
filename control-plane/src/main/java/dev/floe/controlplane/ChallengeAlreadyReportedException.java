package dev.floe.controlplane;

import java.util.List;

/**
 * The node's storage-challenge failure was already reported for this epoch ({@code
 * ChallengeAlreadyReported(epoch, nodeId)}): the failure is recorded, so a reporter that raced
 * another one can treat this as success.
 */
public final class ChallengeAlreadyReportedException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public ChallengeAlreadyReportedException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
