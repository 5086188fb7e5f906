package dev.floe.client.nodes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body read into a byte array up to a bound: a declared {@code Content-Length} over the
 * bound is refused before any byte is read, and a body that grows past it is cut off (the
 * subscription is cancelled, which closes the connection), and so is a body that has not arrived
 * in full within its time limit. Nodes are untrusted; without these bounds one lying node could make
 * the SDK buffer gigabytes, or hold a request forever by stalling after its headers. 2xx answers get the caller's bound, other answers
 * {@link NodeTransport#MAX_ERROR_BODY_READ}.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** Fires the body time limits of every transport (one daemon thread; cancelled timers are removed). */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final long maxBytes;
  private final int status;
  private volatile Flow.Subscription subscription;
  private long received;

  private LimitedBody(long maxBytes, int status, long declaredLength, Duration timeout) {
    this.maxBytes = maxBytes;
    this.status = status;
    if (declaredLength > maxBytes) {
      result.completeExceptionally(new TooLargeException(status, "answer declares " + declaredLength
          + " bytes, larger than " + maxBytes + " bytes allowed"));
      return;
    }
    ScheduledFuture<?> timer = TIMER.schedule(() -> {
      if (result.completeExceptionally(
          new HttpTimeoutException("answer body not received within " + timeout.toMillis() + " ms"))) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    // a finished body drops its timer at once (the timer must not keep the body's bytes reachable)
    result.whenComplete((v, t) -> timer.cancel(false));
  }

  /** Body timers not yet fired or dropped with more than {@code delay} left (for tests). */
  static long pendingTimersLongerThan(Duration delay) {
    return TIMER.getQueue().stream()
        .filter(r -> r instanceof ScheduledFuture<?> f && f.getDelay(TimeUnit.NANOSECONDS) > delay.toNanos())
        .count();
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "floe-node-body-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * A handler applying {@code maxBytes} to 2xx bodies; a body must arrive in full within {@code
   * timeout} of its headers.
   */
  static HttpResponse.BodyHandler<byte[]> handler(long maxBytes, Duration timeout) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
    }
    return info -> {
      long limit = info.statusCode() / 100 == 2 ? maxBytes : NodeTransport.MAX_ERROR_BODY_READ;
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new LimitedBody(limit, info.statusCode(), declared, timeout);
    };
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      received += item.remaining();
      if (received > maxBytes) {
        subscription.cancel();
        result.completeExceptionally(
            new TooLargeException(status, "answer is larger than " + maxBytes + " bytes allowed"));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  /** A node's answer exceeded the bound. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    TooLargeException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** The HTTP status of the answer. */
    int status() {
      return status;
    }
  }
}
