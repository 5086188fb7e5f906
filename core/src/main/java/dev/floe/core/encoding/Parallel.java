package dev.floe.core.encoding;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs numbered tasks on up to {@code threads} workers: the calling thread plus {@code threads-1}
 * jobs on an executor. Each worker lazily creates its own scratch state. The first failure stops
 * the remaining tasks and is rethrown to the caller unchanged.
 */
final class Parallel {
  private Parallel() {}

  /** A task body that gets its worker's state and the task number. */
  @FunctionalInterface
  interface Body<W> {
    void run(W worker, int task);
  }

  static <W> void forEach(Executor executor, int threads, int tasks, Supplier<W> state, Body<W> body) {
    if (tasks <= 0) {
      return;
    }
    int workers = Math.max(1, Math.min(threads, tasks));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable loop =
        () -> {
          W worker = null;
          int t;
          while (failure.get() == null && (t = next.getAndIncrement()) < tasks) {
            try {
              if (worker == null) {
                worker = state.get();
              }
              body.run(worker, t);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          }
        };
    CompletableFuture<?>[] others = new CompletableFuture<?>[workers - 1];
    int started = 0;
    for (int i = 0; i < others.length; i++) {
      try {
        others[i] = CompletableFuture.runAsync(loop, executor);
        started++;
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    loop.run();
    for (int i = 0; i < started; i++) {
      others[i].join();
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException("encoding task failed", e);
    }
  }
}
