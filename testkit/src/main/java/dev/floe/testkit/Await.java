package dev.floe.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Condition waits with timeouts for tests: poll a condition instead of sleeping a fixed time, and
 * fail with a message that says what was awaited.
 */
public final class Await {
  /** How often conditions are polled. */
  public static final Duration POLL = Duration.ofMillis(20);

  private Await() {}

  /** Waits until {@code condition} holds; fails after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Waits until {@code probe} yields a value and returns it; fails after {@code timeout}. */
  public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /**
   * The result of {@code future}, waiting at most {@code timeout}. A failed future rethrows its
   * cause as it is when unchecked (so tests can assert on the exception type).
   */
  public static <T> T result(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new AssertionError("future failed", cause);
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@link #result(CompletableFuture, Duration)} with a 60 s timeout. */
  public static <T> T result(CompletableFuture<T> future) {
    return result(future, Duration.ofSeconds(60));
  }
}
