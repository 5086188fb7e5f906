package dev.floe.controlplane.events;

import java.time.Duration;

/**
 * How an event stream reads the chain.
 *
 * <p><b>Reorganizations.</b> Events are delivered only from blocks at least {@code confirmations}
 * deep, so a reorganization that replaces fewer than {@code confirmations} of the newest blocks is
 * invisible to the reader: events of dropped blocks are never delivered and those of the replacing
 * blocks are delivered once they are deep enough. A deeper reorganization cannot be undone (its
 * orphaned events may already have been handled), but it is detected: the reader remembers the hash
 * of the last block it delivered and checks it before each read; if the block was replaced, the read
 * fails with {@link dev.floe.controlplane.ChainReorganizedException} and the reader does not advance
 * until an operator raises the depth and re-syncs. A reader that persists its cursor persists the
 * block hash the page reported with it ({@link EventPage#blockHash}) and passes it back on resume, so
 * a reorganization that happened while it was down is detected too; without it, the first read only
 * records the hash.
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
