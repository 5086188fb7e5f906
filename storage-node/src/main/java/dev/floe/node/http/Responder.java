package dev.floe.node.http;

import dev.floe.core.protocol.ApiError;
import dev.floe.core.protocol.ContentTypes;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.NodeException;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * Runs handler work on the bounded worker pool (never on the event loop) and writes responses:
 * BCS bodies, JSON envelopes, and mapped errors.
 */
final class Responder {
  private final WorkerExecutor workers;
  private final ErrorMapper errors;
  private final NodeMetrics metrics;

  Responder(WorkerExecutor workers, ErrorMapper errors, NodeMetrics metrics) {
    this.workers = workers;
    this.errors = errors;
    this.metrics = metrics;
  }

  /** Runs {@code work} on a worker thread, then {@code onSuccess} on the event loop. */
  <T> void blocking(RoutingContext ctx, Callable<T> work, BiConsumer<RoutingContext, T> onSuccess) {
    workers.executeBlocking(work, false).onComplete(ar -> {
      if (ctx.response().ended() || ctx.response().closed()) {
        return;
      }
      if (ar.succeeded()) {
        try {
          onSuccess.accept(ctx, ar.result());
        } catch (RuntimeException e) {
          fail(ctx, e);
        }
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  /** Answers the mapped error. */
  void fail(RoutingContext ctx, Throwable failure) {
    ApiError e = errors.map(failure);
    ErrorReason.fromCode(e.reason()).ifPresent(metrics::rejected);
    error(ctx.response(), e);
  }

  /** Writes an API error. */
  static void error(HttpServerResponse response, ApiError e) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(e.httpCode()).putHeader("content-type", ContentTypes.JSON);
    if (e.httpCode() == 503 || e.httpCode() == 429) {
      response.putHeader("retry-after", "1"); // overload is short-lived: the recovery permits turn over fast
    }
    response.end(Json.error(e).toBuffer());
  }

  /** Writes a BCS body. */
  static void bcs(RoutingContext ctx, byte[] body) {
    ctx.response().putHeader("content-type", ContentTypes.OCTET_STREAM).end(Buffer.buffer(body));
  }

  /** Writes {@code {"success":{"code":code,"data":data}}} with HTTP {@code code}. */
  static void success(RoutingContext ctx, int code, Object data) {
    JsonObject body = Json.success(code, data);
    ctx.response().setStatusCode(code).putHeader("content-type", ContentTypes.JSON).end(body.toBuffer());
  }

  /** A boolean query parameter: absent = false, {@code true}/{@code false} otherwise rejected. */
  static boolean flag(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return false;
    }
    String v = values.get(0).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.isEmpty()) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new NodeException(ErrorReason.INVALID_PARAMETER,
        "query parameter '" + name + "' must be true or false, got '" + abbreviate(values.get(0)) + "'");
  }

  /** A non-negative long query parameter, or {@code dflt} if absent. */
  static long longParam(RoutingContext ctx, String name, long dflt) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return dflt;
    }
    try {
      long v = Long.parseLong(values.get(0));
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new NodeException(ErrorReason.INVALID_PARAMETER,
          "query parameter '" + name + "' must be a non-negative integer, got '" + abbreviate(values.get(0)) + "'");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
