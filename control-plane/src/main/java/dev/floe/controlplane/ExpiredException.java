package dev.floe.controlplane;

import java.util.List;

/** A storage reservation or blob has reached its end epoch. */
public final class ExpiredException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public ExpiredException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
