package dev.floe.client.daemon;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many requests of one kind (stores, reads) the daemon works on at once: each holds a
 * blob in memory (and a store several times that while it encodes), so without a bound a burst of
 * requests exhausts the heap. A request over the bound is refused at once with {@code 429} and
 * {@code Retry-After}, before its body is read. The slot is held until the response ended and every
 * piece of backend work of the request completed, so a client that hangs up early does not free a
 * slot while its store goes on holding memory. Thread-safe.
 */
final class Admission implements PlatformHandler {
  private static final String KEY = "floe.admission";

  private final String what;
  private final int max;
  private final Semaphore slots;

  /** At most {@code max} requests doing {@code what} (e.g. "stores") at once. */
  Admission(String what, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the limit of concurrent " + what + " must be at least 1, got " + max);
    }
    this.what = what;
    this.max = max;
    this.slots = new Semaphore(max);
  }

  /** The bound. */
  int max() {
    return max;
  }

  /**
   * Route handler: takes a slot and continues, or answers 429. A platform handler, so that it runs
   * before the body handler reads the body.
   */
  @Override
  public void handle(RoutingContext ctx) {
    if (!slots.tryAcquire()) {
      ctx.response().putHeader("Retry-After", "1");
      DaemonHandlers.sendError(ctx, 429, "RESOURCE_EXHAUSTED", "TOO_MANY_REQUESTS",
          "this daemon is already serving " + max + " " + what + "; retry later");
      return;
    }
    Slot slot = new Slot();
    ctx.put(KEY, slot);
    ctx.addEndHandler(ended -> slot.done());
    ctx.next();
  }

  /** Holds the request's slot (if it has one) until {@code work} completes too. */
  static <T> CompletableFuture<T> track(RoutingContext ctx, CompletableFuture<T> work) {
    Slot slot = ctx.get(KEY);
    if (slot != null) {
      slot.pending.incrementAndGet();
      work.whenComplete((v, t) -> slot.done());
    }
    return work;
  }

  /** One admitted request: pending = the response (until it ends) plus its backend work. */
  private final class Slot {
    private final AtomicInteger pending = new AtomicInteger(1);

    void done() {
      if (pending.decrementAndGet() == 0) {
        slots.release();
      }
    }
  }
}
