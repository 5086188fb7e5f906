package dev.floe.node.service;

import dev.floe.core.protocol.ErrorReason;
import java.util.Objects;

/**
 * A request the node refuses, with the stable reason sent to the client and a message safe to show
 * (no secrets, no internal details).
 */
public class NodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorReason reason;

  public NodeException(ErrorReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public NodeException(ErrorReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The stable error code. */
  public ErrorReason reason() {
    return reason;
  }
}
