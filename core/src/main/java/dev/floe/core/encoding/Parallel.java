package dev.floe.core.encoding;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs numbered tasks on up to {@code threads} workers: the calling thread plus {@code threads-1}
 * jobs on an executor. Each worker lazily creates its own scratch state. The first failure stops
 * the remaining tasks and is rethrown to the caller unchanged.
 *
 * <p>The caller never waits for a job that has not started: once the caller has run out of tasks,
 * jobs still queued in the executor find the run closed and return at once. So a busy or
 * single-threaded executor (even one the caller itself runs on) cannot deadlock a run.
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
    Run<W> run = new Run<>(tasks, state, body);
    int helpers = Math.max(1, Math.min(threads, tasks)) - 1;
    for (int i = 0; i < helpers; i++) {
      try {
        executor.execute(run::help);
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    run.work();
    run.closeAndAwaitHelpers();
    Throwable e = run.failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException("parallel task failed", e);
    }
  }

  private static final class Run<W> {
    final int tasks;
    final Supplier<W> state;
    final Body<W> body;
    final AtomicInteger next = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean closed;
    private int active;

    Run(int tasks, Supplier<W> state, Body<W> body) {
      this.tasks = tasks;
      this.state = state;
      this.body = body;
    }

    void help() {
      synchronized (this) {
        if (closed) {
          return;
        }
        active++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    void work() {
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
    }

    synchronized void closeAndAwaitHelpers() {
      closed = true;
      boolean interrupted = false;
      while (active > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
