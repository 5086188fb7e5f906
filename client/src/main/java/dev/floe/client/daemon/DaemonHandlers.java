package dev.floe.client.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.BlobInvalidException;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.InsufficientConfirmationsException;
import dev.floe.client.StoreOptions;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's request handlers: decode the request, call the {@link DaemonBackend}, encode the
 * answer. No blocking on the event loop: the backend returns futures completed on SDK threads.
 */
final class DaemonHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonHandlers.class);
  private static final int MAX_EPOCHS = 1000;

  private final String name;
  private final DaemonBackend backend;
  private final long maxBodyBytes;

  DaemonHandlers(String name, DaemonBackend backend, long maxBodyBytes) {
    this.name = name;
    this.backend = backend;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** {@code PUT /v1/blobs?epochs=&deletable=&permanent=&force=} with the raw blob as body. */
  void putBlob(RoutingContext ctx) {
    StoreOptions options;
    try {
      options = storeOptions(ctx);
    } catch (IllegalArgumentException e) {
      sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_PARAMETER", e.getMessage());
      return;
    }
    Buffer body = ctx.body().buffer();
    byte[] data = body == null ? new byte[0] : body.getBytes();
    LOG.atInfo().addKeyValue("bytes", data.length).log("{}: storing a blob", name);
    reply(ctx, Admission.track(ctx, backend.store(data, options)),
        result -> sendJson(ctx, 200, DaemonJson.storeResult(result)));
  }

  /**
   * {@code GET /v1/blobs/{blobId}}, honouring a {@code Range: bytes=} header: one range (after
   * coalescing) gives a 206 with {@code Content-Range}, several a 206 {@code multipart/byteranges}
   * (see {@link ByteRange#parse} for the limits), none satisfiable a 416; a Range of another unit
   * than bytes is ignored (RFC 9110 §14.2).
   */
  void getBlob(RoutingContext ctx) {
    Optional<BlobId> blobId = blobId(ctx);
    if (blobId.isEmpty()) {
      return;
    }
    String rangeHeader = ctx.request().getHeader("Range");
    if (rangeHeader == null || rangeHeader.isBlank() || !ByteRange.hasBytesUnit(rangeHeader)) {
      reply(ctx, Admission.track(ctx, backend.read(blobId.get())), bytes -> sendBytes(ctx, 200, bytes));
      return;
    }
    reply(ctx, Admission.track(ctx, backend.size(blobId.get())), size -> {
      List<ByteRange> ranges;
      try {
        ranges = ByteRange.parse(rangeHeader, size);
      } catch (ByteRange.RangeException e) {
        if (e.unsatisfiable()) {
          ctx.response().putHeader("Content-Range", "bytes */" + size);
          sendError(ctx, 416, "OUT_OF_RANGE", "RANGE_NOT_SATISFIABLE", e.getMessage());
        } else {
          sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_RANGE", e.getMessage());
        }
        return;
      }
      if (ranges.size() == 1) {
        ByteRange r = ranges.getFirst();
        reply(ctx, Admission.track(ctx, backend.readRange(blobId.get(), r.start(), r.length())), bytes -> {
          ctx.response().putHeader("Content-Range", r.contentRange(size));
          sendBytes(ctx, 206, bytes);
        });
        return;
      }
      // One range after the other: the request holds one read slot, and each range may fall back to
      // a whole-blob read, so reading them in parallel would hold up to MAX_RANGES blobs at once.
      CompletableFuture<List<byte[]>> all = CompletableFuture.completedFuture(List.of());
      for (ByteRange r : ranges) {
        all = all.thenCompose(done -> backend.readRange(blobId.get(), r.start(), r.length()).thenApply(bytes -> {
          List<byte[]> more = new ArrayList<>(done);
          more.add(bytes);
          return more;
        }));
      }
      reply(ctx, Admission.track(ctx, all), data -> {
        String boundary = MultipartByteRanges.boundary(data);
        ctx.response()
            .setStatusCode(206)
            .putHeader("Content-Type", MultipartByteRanges.contentType(boundary))
            .end(MultipartByteRanges.body(boundary, size, ranges, data));
      });
    });
  }

  /** {@code GET /v1/blobs/{blobId}/byte-range?start=&length=}. */
  void getByteRange(RoutingContext ctx) {
    Optional<BlobId> blobId = blobId(ctx);
    if (blobId.isEmpty()) {
      return;
    }
    long start;
    long length;
    try {
      start = longParam(ctx, "start", 0, Long.MAX_VALUE, null);
      length = longParam(ctx, "length", 0, Long.MAX_VALUE, null);
    } catch (IllegalArgumentException e) {
      sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_PARAMETER", e.getMessage());
      return;
    }
    reply(ctx, Admission.track(ctx, backend.readRange(blobId.get(), start, length)),
        bytes -> sendBytes(ctx, 200, bytes));
  }

  /** {@code GET /status}. */
  void status(RoutingContext ctx) {
    ObjectNode body = DaemonJson.MAPPER.createObjectNode();
    body.put("status", "ok");
    body.put("name", name);
    body.put("maxBodyBytes", maxBodyBytes);
    for (Map.Entry<String, Object> e : backend.status().entrySet()) {
      body.set(e.getKey(), DaemonJson.MAPPER.valueToTree(e.getValue()));
    }
    sendJson(ctx, 200, body);
  }

  /** Failure handler: body too large (413 from the body handler) and unexpected failures. */
  void failure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.statusCode() == 413) {
      sendError(
          ctx,
          413,
          "PAYLOAD_TOO_LARGE",
          "PAYLOAD_TOO_LARGE",
          "the blob is larger than this daemon's limit of " + maxBodyBytes + " bytes"
              + " (set maxBodyBytes in the daemon config)");
      return;
    }
    if (ctx.statusCode() == 404) {
      sendError(ctx, 404, "NOT_FOUND", "ROUTE_NOT_FOUND", "no route for " + ctx.request().path());
      return;
    }
    if (ctx.statusCode() == 405) {
      sendError(ctx, 405, "INVALID_ARGUMENT", "METHOD_NOT_ALLOWED",
          ctx.request().method() + " is not allowed on " + ctx.request().path());
      return;
    }
    Throwable t = ctx.failure();
    LOG.warn("{}: request {} {} failed", name, ctx.request().method(), ctx.request().path(), t);
    sendError(ctx, 500, "INTERNAL", "INTERNAL_ERROR", "internal error");
  }

  private <T> void reply(RoutingContext ctx, CompletableFuture<T> future, java.util.function.Consumer<T> onSuccess) {
    Future.fromCompletionStage(future, ctx.vertx().getOrCreateContext())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                try {
                  onSuccess.accept(ar.result());
                } catch (RuntimeException e) {
                  ctx.fail(e);
                }
              } else {
                sendFailure(ctx, ar.cause());
              }
            });
  }

  private void sendFailure(RoutingContext ctx, Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    switch (t) {
      case BlobInvalidException e -> sendError(ctx, 410, "FAILED_PRECONDITION", "BLOB_INVALID", e.getMessage());
      case BlobNotAvailableException e -> {
        if (e.reason() == BlobNotAvailableException.Reason.NOT_ENOUGH_NODES) {
          sendError(ctx, 503, "UNAVAILABLE", "NOT_ENOUGH_NODES", e.getMessage());
        } else {
          sendError(ctx, 404, "NOT_FOUND", "BLOB_" + e.reason().name(), e.getMessage());
        }
      }
      case InsufficientConfirmationsException e ->
          sendError(ctx, 503, "UNAVAILABLE", "NOT_ENOUGH_CONFIRMATIONS", e.getMessage());
      case InvalidDataException e -> sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_DATA", e.getMessage());
      case IllegalArgumentException e -> sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_PARAMETER", e.getMessage());
      default -> {
        LOG.warn("{}: {} {} failed", name, ctx.request().method(), ctx.request().path(), t);
        sendError(ctx, 500, "INTERNAL", "INTERNAL_ERROR", "internal error: " + t.getClass().getSimpleName()
            + (t.getMessage() == null ? "" : ": " + t.getMessage()));
      }
    }
  }

  private Optional<BlobId> blobId(RoutingContext ctx) {
    String text = ctx.pathParam("blobId");
    try {
      return Optional.of(BlobId.parse(text));
    } catch (InvalidDataException e) {
      sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_BLOB_ID", e.getMessage());
      return Optional.empty();
    }
  }

  private static StoreOptions storeOptions(RoutingContext ctx) {
    int epochs = (int) longParam(ctx, "epochs", 1, MAX_EPOCHS, 1L);
    boolean deletable = boolParam(ctx, "deletable", false);
    boolean permanent = boolParam(ctx, "permanent", false);
    if (deletable && permanent) {
      throw new IllegalArgumentException("'deletable' and 'permanent' are mutually exclusive");
    }
    boolean force = boolParam(ctx, "force", false);
    return new StoreOptions(epochs, deletable, force);
  }

  private static long longParam(RoutingContext ctx, String name, long min, long max, Long fallback) {
    String text = ctx.request().getParam(name);
    if (text == null || text.isBlank()) {
      if (fallback == null) {
        throw new IllegalArgumentException("query parameter '" + name + "' is required");
      }
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be an integer, got '" + text + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "query parameter '" + name + "' must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  private static boolean boolParam(RoutingContext ctx, String name, boolean fallback) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "", "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(
          "query parameter '" + name + "' must be true or false, got '" + text + "'");
    };
  }

  private static void sendBytes(RoutingContext ctx, int status, byte[] bytes) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(status);
    response.putHeader("Content-Type", "application/octet-stream");
    response.end(Buffer.buffer(bytes));
  }

  private static void sendJson(RoutingContext ctx, int status, ObjectNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
  }

  static void sendError(RoutingContext ctx, int status, String statusName, String reason, String message) {
    if (ctx.response().ended()) {
      return;
    }
    sendJson(ctx, status, DaemonJson.error(status, statusName, reason, message));
  }
}
