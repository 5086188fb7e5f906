package dev.floe.controlplane;

import java.util.List;

/** The sending account may not do this (not the owner, not the node operator, not in the committee). */
public final class UnauthorizedException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
