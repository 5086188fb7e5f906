package dev.floe.controlplane.events;

import java.time.Duration;

/**
 * How an event stream reads the chain.
 *
 * @param confirmations only events in blocks at least this deep are delivered (0 = up to the
 *     latest block)
 * @param pollInterval how often to look for new blocks
 * @param maxBlocksPerQuery the largest block range asked for in one log query
 */
public record EventStreamOptions(int confirmations, Duration pollInterval, int maxBlocksPerQuery) {
  /** Poll interval for local chains. */
  public static final Duration LOCAL_POLL_INTERVAL = Duration.ofMillis(100);

  public EventStreamOptions {
    if (confirmations < 0) {
      throw new IllegalArgumentException("confirmations must not be negative, got " + confirmations);
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
    }
    if (maxBlocksPerQuery < 1) {
      throw new IllegalArgumentException("max blocks per query must be positive, got " + maxBlocksPerQuery);
    }
  }

  /** {@code confirmations} deep, polling every 100 ms, 2000 blocks per query. */
  public static EventStreamOptions withConfirmations(int confirmations) {
    return new EventStreamOptions(confirmations, LOCAL_POLL_INTERVAL, 2000);
  }
}
