package dev.floe.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for control-plane futures from SDK worker threads (virtual threads, where blocking is
 * cheap) and rethrows their failure unwrapped, so callers see the typed exception.
 */
final class Futures {
  private Futures() {}

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new FloeClientException("interrupted", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new FloeClientException("cancelled", e);
    }
  }

  static RuntimeException rethrow(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new FloeClientException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
  }
}
