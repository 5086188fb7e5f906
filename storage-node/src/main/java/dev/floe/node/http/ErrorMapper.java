package dev.floe.node.http;

import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.protocol.ApiError;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.chain.ChainException;
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

  /**
   * Least time between two log lines about an unreachable chain or an unusable store: one per
   * request would flood the log (and, with a full disk, fill it further); the others go to DEBUG.
   */
  private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;

  private final String logName;
  private final java.util.concurrent.atomic.AtomicLong lastChainWarning =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);
  private final java.util.concurrent.atomic.AtomicLong lastStoreError =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

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
      if (due(lastStoreError)) {
        LOG.error("{}: storage failure serving a request (further ones within 10 s at DEBUG)", logName, t);
      } else {
        LOG.debug("{}: storage failure serving a request: {}", logName, t.getMessage());
      }
      return ApiError.of(ErrorReason.STORAGE_UNAVAILABLE, "the node cannot use its storage right now; nothing was stored");
    }
    if (t instanceof ChainException) {
      // the RPC is down or slow: a temporary condition the client retries, not an internal error
      if (due(lastChainWarning)) {
        LOG.warn("{}: cannot check a request against the chain (answering 503 until it is reachable): {}", logName,
            t.getMessage());
      } else {
        LOG.debug("{}: cannot check a request against the chain: {}", logName, t.getMessage());
      }
      return ApiError.of(ErrorReason.NODE_NOT_READY,
          "the node cannot reach the control plane to check this request right now; retry later");
    }
    if (t instanceof RejectedExecutionException) {
      return ApiError.of(ErrorReason.TOO_MANY_REQUESTS, "the node is overloaded; retry later");
    }
    LOG.error("{}: internal error serving a request", logName, t);
    return ApiError.of(ErrorReason.INTERNAL_ERROR, "an internal error has occurred");
  }

  /** True for at most one caller per interval (the one that moves {@code last} on). */
  private static boolean due(java.util.concurrent.atomic.AtomicLong last) {
    long now = System.nanoTime();
    long previous = last.get();
    return now - previous >= WARNING_INTERVAL_NANOS && last.compareAndSet(previous, now);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
