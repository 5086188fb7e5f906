package dev.floe.indexer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One named virtual thread running a loop until {@link #close()}: the loop waits with {@link
 * #awaitClose} (which returns early when closed) and {@link #close()} waits for it to finish.
 */
public final class BackgroundThread implements AutoCloseable {
  private final CountDownLatch closed = new CountDownLatch(1);
  private Thread thread;

  /** Starts {@code body} on a virtual thread named {@code name}; once only. */
  public synchronized void start(String name, Runnable body) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = Thread.ofVirtual().name(name).start(body);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Waits up to {@code millis}; true once closed. */
  public boolean awaitClose(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Asks the loop to stop and waits (up to 30 s) for it to finish. */
  @Override
  public void close() {
    closed.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
