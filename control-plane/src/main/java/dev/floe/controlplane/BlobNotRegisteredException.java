package dev.floe.controlplane;

import java.util.List;

/** The blob object named in a call does not exist on-chain (or was deleted). */
public final class BlobNotRegisteredException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public BlobNotRegisteredException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
