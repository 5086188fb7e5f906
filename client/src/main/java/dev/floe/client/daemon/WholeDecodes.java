package dev.floe.client.daemon;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Bounds how many whole blobs the daemon decodes at once ({@code max_concurrent_whole_reads}): a
 * whole-blob {@code GET} above the spool threshold, and a range read that falls back to decoding the
 * whole blob because the slivers holding the range cannot be had, each cost about the blob's size
 * in memory or temporary disk, far more than the small reads {@code max_concurrent_reads} is sized
 * for. A read takes a permit through its {@link Gate} when the backend reports that the whole blob
 * is about to be decoded; with none free the gate throws {@link BusyException} (the daemon answers
 * {@code 503} with {@code Retry-After}). The permit is returned once the backend's read completed.
 * Thread-safe.
 */
final class WholeDecodes {
  private final int max;
  private final Semaphore permits;

  /** At most {@code max} whole-blob decodes at once. */
  WholeDecodes(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the limit of concurrent whole-blob reads must be at least 1, got " + max);
    }
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /** The bound. */
  int max() {
    return max;
  }

  /** Permits free now (for tests and status). */
  int available() {
    return permits.availablePermits();
  }

  /** A gate for one read: holds no permit until the backend calls it. */
  Gate gate() {
    return new Gate();
  }

  /**
   * One read's gate: {@link #accept} (the backend's hook, called with the blob's length before the
   * whole blob is decoded) takes a permit or throws {@link BusyException}; {@link #release()} returns
   * it. Both are idempotent.
   */
  final class Gate implements LongConsumer {
    private final AtomicBoolean held = new AtomicBoolean();

    @Override
    public void accept(long blobLength) {
      if (held.get()) {
        return;
      }
      if (!permits.tryAcquire()) {
        throw new BusyException(max, blobLength);
      }
      held.set(true);
    }

    /** Returns the permit if this gate holds one. */
    void release() {
      if (held.compareAndSet(true, false)) {
        permits.release();
      }
    }
  }

  /** Every permit is taken: the whole-blob read is refused (503 + {@code Retry-After}). */
  static final class BusyException extends RuntimeException {
    BusyException(int max, long blobLength) {
      super("this daemon is already decoding " + max + " whole blob(s), the most it decodes at once"
          + " (max_concurrent_whole_reads), and this read needs the whole blob of " + blobLength
          + " bytes; retry later");
    }
  }
}
