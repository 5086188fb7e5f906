package dev.floe.node.http;

import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.protocol.ApiError;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.service.NodeException;
import dev.floe.node.store.StoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures to API errors with stable reasons. Client errors keep their (safe) message;
 * internal failures are logged with details and answered with a generic message, so no internal
 * detail or secret ever reaches a client.
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final String logName;

  public ErrorMapper(String logName) {
    this.logName = logName;
  }

  /** The API error for {@code failure}; internal failures are logged. */
  public ApiError map(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof NodeException n) {
      return ApiError.of(n.reason(), n.getMessage());
    }
    if (t instanceof BcsException) {
      return ApiError.of(ErrorReason.MALFORMED_BCS, t.getMessage());
    }
    if (t instanceof InvalidDataException) {
      return ApiError.of(ErrorReason.INVALID_PARAMETER, t.getMessage());
    }
    if (t instanceof StoreException) {
      LOG.error("{}: storage failure serving a request", logName, t);
      return ApiError.of(ErrorReason.STORAGE_UNAVAILABLE, "the node cannot use its storage right now; nothing was stored");
    }
    if (t instanceof RejectedExecutionException) {
      return ApiError.of(ErrorReason.TOO_MANY_REQUESTS, "the node is overloaded; retry later");
    }
    LOG.error("{}: internal error serving a request", logName, t);
    return ApiError.of(ErrorReason.INTERNAL_ERROR, "an internal error has occurred");
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
