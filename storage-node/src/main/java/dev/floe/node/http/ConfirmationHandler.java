package dev.floe.node.http;

import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.ObjectIds;
import dev.floe.core.protocol.QueryParams;
import dev.floe.core.protocol.Routes;
import dev.floe.node.service.ConfirmationService;
import dev.floe.node.service.NodeException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Storage confirmations, permanent and deletable. With {@code wait_for_registration=true} the
 * request long-polls (up to {@code wait_millis}, capped by the node) until the node has seen the
 * registration; the wait uses timers, not threads. A waiting long-poll gives back its slot of the
 * node's in-flight bound (it costs its client nothing, so held slots would let anyone starve every
 * other request); waiting long-polls are bounded on their own, and one beyond that bound gets a
 * single attempt: the confirmation if it can be signed now, else 503 {@code TOO_MANY_REQUESTS}.
 */
final class ConfirmationHandler {
  private static final long DEFAULT_WAIT_MILLIS = 10_000;
  private static final long POLL_MILLIS = 100;

  private final Vertx vertx;
  private final ConfirmationService confirmations;
  private final Responder responder;
  private final long maxWaitMillis;
  private final int maxWaiting;
  private final java.util.function.Consumer<RoutingContext> releaseSlot;
  private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param maxWaiting long-polls allowed to wait at once
   * @param releaseSlot gives back a request's slot of the in-flight bound
   */
  ConfirmationHandler(Vertx vertx, ConfirmationService confirmations, Responder responder, long maxWaitMillis,
      int maxWaiting, java.util.function.Consumer<RoutingContext> releaseSlot) {
    this.maxWaiting = maxWaiting;
    this.releaseSlot = releaseSlot;
    this.vertx = vertx;
    this.confirmations = confirmations;
    this.responder = responder;
    this.maxWaitMillis = maxWaitMillis;
  }

  void permanent(RoutingContext ctx) {
    try {
      start(ctx, BlobDataHandlers.blobId(ctx), Optional.empty());
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void deletable(RoutingContext ctx) {
    try {
      BlobId id = BlobDataHandlers.blobId(ctx);
      byte[] objectId = ObjectIds.parse(ctx.pathParam(Routes.OBJECT_ID));
      start(ctx, id, Optional.of(objectId));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  private void start(RoutingContext ctx, BlobId id, Optional<byte[]> objectId) {
    boolean wait = Responder.flag(ctx, QueryParams.WAIT_FOR_REGISTRATION);
    long waitMillis = Math.min(Responder.longParam(ctx, QueryParams.WAIT_MILLIS, DEFAULT_WAIT_MILLIS), maxWaitMillis);
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    if (wait) {
      if (waiting.incrementAndGet() > maxWaiting) {
        waiting.decrementAndGet();
        once(ctx, id, objectId);
        return;
      }
      ctx.addEndHandler(v -> waiting.decrementAndGet());
      releaseSlot.accept(ctx);
    }
    attempt(ctx, id, objectId, wait, deadline);
  }

  /** A long-poll beyond the bound: the confirmation if it can be signed now, else "retry later". */
  private void once(RoutingContext ctx, BlobId id, Optional<byte[]> objectId) {
    responder.blocking(ctx, () -> {
      try {
        return confirmations.confirm(id, objectId);
      } catch (NodeException e) {
        // what a waiting long-poll would have waited out
        if (e.reason() == ErrorReason.NOT_REGISTERED || e.reason() == ErrorReason.NOT_FULLY_STORED
            || e.reason() == ErrorReason.OBJECT_NOT_REGISTERED) {
          throw new NodeException(ErrorReason.TOO_MANY_REQUESTS, "too many confirmation requests are waiting ("
              + maxWaiting + "); retry with backoff");
        }
        throw e;
      }
    }, (c, signed) -> Responder.success(c, 200, Json.confirmation(signed)));
  }

  private void attempt(RoutingContext ctx, BlobId id, Optional<byte[]> objectId, boolean wait, long deadline) {
    responder.blocking(ctx, () -> {
      if (wait && !confirmations.isRegistered(id, objectId)) {
        return new Attempt(Optional.empty(), Optional.empty());
      }
      try {
        return new Attempt(Optional.of(confirmations.confirm(id, objectId)), Optional.empty());
      } catch (NodeException e) {
        // once the registration is seen, buffered (pending) uploads are moved into the store; a
        // long-poll keeps waiting for that instead of failing in between
        if (wait && e.reason() == ErrorReason.NOT_FULLY_STORED) {
          return new Attempt(Optional.empty(), Optional.of(e));
        }
        throw e;
      }
    }, (c, attempt) -> {
      if (attempt.signed().isPresent()) {
        Responder.success(c, 200, Json.confirmation(attempt.signed().get()));
      } else if (System.nanoTime() < deadline && !c.response().closed()) {
        vertx.setTimer(POLL_MILLIS, t -> attempt(c, id, objectId, wait, deadline));
      } else if (attempt.lastError().isPresent()) {
        responder.fail(c, attempt.lastError().get());
      } else {
        responder.fail(c, new NodeException(ErrorReason.REGISTRATION_WAIT_TIMEOUT,
            "the registration of blob " + id + " was not seen in time"));
      }
    });
  }

  /** One poll: the confirmation if it could be signed, else the error that a long-poll waits out. */
  private record Attempt(Optional<SignedMessage> signed, Optional<NodeException> lastError) {}
}
