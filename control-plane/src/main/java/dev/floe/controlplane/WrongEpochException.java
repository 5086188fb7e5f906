package dev.floe.controlplane;

import java.util.List;

/**
 * A message or call names an epoch other than the current one (for example a certificate replayed
 * from an earlier epoch).
 */
public final class WrongEpochException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public WrongEpochException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
