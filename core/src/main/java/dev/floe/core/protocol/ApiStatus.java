package dev.floe.core.protocol;

/**
 * The general class of an API error (gRPC-style status name) and its HTTP code, as in Walrus's
 * error envelope (AIP-193). Several statuses share an HTTP code; the pair identifies the status.
 */
public enum ApiStatus {
  /** The request was malformed regardless of the node's state (bad BCS, bad parameter, bad hash). */
  INVALID_ARGUMENT(400),
  /** The node is not in a state that allows the operation (not registered, shard not owned...). */
  FAILED_PRECONDITION(400),
  /** The resource does not exist on this node. */
  NOT_FOUND(404),
  /** The path exists but not with this HTTP method. */
  METHOD_NOT_ALLOWED(405),
  /** The caller may not do this. */
  PERMISSION_DENIED(403),
  /** The request body did not arrive in time. */
  REQUEST_TIMEOUT(408),
  /** The request body exceeds the configured limit. */
  PAYLOAD_TOO_LARGE(413),
  /** A quota or bounded resource is exhausted (e.g. the pending-upload cache is full). */
  RESOURCE_EXHAUSTED(429),
  /** A serious internal error; details are never exposed. */
  INTERNAL(500),
  /** The operation was declined because of what the node observed (e.g. a challenge the member passed). */
  ABORTED(409),
  /** The node is busy or not ready; retry later with backoff. */
  UNAVAILABLE(503),
  /** A long-poll ended before the awaited state was reached. */
  DEADLINE_EXCEEDED(504);

  private final int httpCode;

  ApiStatus(int httpCode) {
    this.httpCode = httpCode;
  }

  /** The HTTP status code sent with this status. */
  public int httpCode() {
    return httpCode;
  }
}
