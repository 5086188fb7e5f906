package dev.floe.controlplane;

import java.util.List;

/** The system has not enough unreserved capacity for the requested storage. */
public final class InsufficientCapacityException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public InsufficientCapacityException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
