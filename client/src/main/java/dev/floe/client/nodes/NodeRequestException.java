package dev.floe.client.nodes;

import dev.floe.client.FloeClientException;
import dev.floe.core.protocol.ErrorReason;
import java.util.Optional;

/**
 * A request to one storage node failed: the node answered with an error envelope, an unexpected
 * status or body, or could not be reached in time ({@link #httpStatus()} 0). The SDK treats such a
 * node as faulty for the operation and routes around it.
 */
public final class NodeRequestException extends FloeClientException {
  private static final long serialVersionUID = 1L;
  private final String node;
  private final int httpStatus;
  private final String reason;

  public NodeRequestException(String node, int httpStatus, String reason, String message) {
    super(node + ": " + message);
    this.node = node;
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  public NodeRequestException(String node, String message, Throwable cause) {
    super(node + ": " + message, cause);
    this.node = node;
    this.httpStatus = 0;
    this.reason = "UNREACHABLE";
  }

  /** The node's name. */
  public String node() {
    return node;
  }

  /** The HTTP status, or 0 when the node could not be reached or timed out. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The stable reason code of the node's error envelope, or a client-side code. */
  public String reason() {
    return reason;
  }

  /** The reason as a known storage-node error code, if it is one. */
  public Optional<ErrorReason> knownReason() {
    return ErrorReason.fromCode(reason);
  }

  /** True if the node says it does not have the resource (404). */
  public boolean isNotFound() {
    return httpStatus == 404;
  }

  /** True if the node could not be reached or did not answer in time. */
  public boolean isUnreachable() {
    return httpStatus == 0;
  }
}
