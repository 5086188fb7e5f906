package dev.floe.controlplane;

import java.util.List;

/** The storage reservation or stake position named in a call does not exist. */
public final class NotFoundException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
