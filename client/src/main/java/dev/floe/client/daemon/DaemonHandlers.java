package dev.floe.client.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.BlobInvalidException;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.InsufficientConfirmationsException;
import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
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

  private final String name;
  private final DaemonBackend backend;
  private final long maxBodyBytes;
  private final SpoolOptions spool;
  private final java.time.Duration bodyIdleTimeout;
  private final long minBodyBytesPerSecond;
  private final SpoolSpace space;
  /** Spool files being received and decoded blobs from when the read completed until they are deleted. */
  private final TempFiles liveFiles = new TempFiles();
  private final WholeBlobReads wholeReads;
  private final WholeDecodes decodes;

  DaemonHandlers(String name, DaemonBackend backend, long maxBodyBytes, SpoolOptions spool,
      java.time.Duration bodyIdleTimeout, long minBodyBytesPerSecond, WholeDecodes decodes) {
    this.name = name;
    this.decodes = decodes;
    this.backend = backend;
    this.maxBodyBytes = maxBodyBytes;
    this.spool = spool;
    this.bodyIdleTimeout = bodyIdleTimeout;
    this.minBodyBytesPerSecond = minBodyBytesPerSecond;
    this.space = new SpoolSpace(spool);
    this.wholeReads = new WholeBlobReads(backend, spool, space, decodes, liveFiles, this::sendFailure);
  }

  /**
   * {@code PUT /v1/blobs?epochs=&deletable=&permanent=&force=} with the raw blob as body: up to the
   * spool threshold received in memory, larger bodies spooled to a temporary file and stored from
   * it (the file is deleted once the store is done); over the body limit 413; a body that stalls
   * (nothing sent for the body idle timeout) or trickles (slower than the minimum body rate) 408 and
   * the connection is closed.
   */
  void putBlob(RoutingContext ctx) {
    StoreOptions options;
    try {
      options = DaemonParams.storeOptions(ctx);
    } catch (IllegalArgumentException e) {
      discardBody(ctx);
      sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_PARAMETER", e.getMessage());
      return;
    }
    long largestBlob = backend.maxBlobSize();
    long limit = Math.min(maxBodyBytes, largestBlob);
    BodyReceiver.receive(ctx.vertx(), ctx.request(), limit, spool, space, liveFiles, bodyIdleTimeout,
        minBodyBytesPerSecond).onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof BodyReceiver.TooLargeException) {
          if (largestBlob < maxBodyBytes) {
            sendError(ctx, 413, "PAYLOAD_TOO_LARGE", "PAYLOAD_TOO_LARGE", "the blob is larger than the largest"
                + " blob this network's shards can hold: " + largestBlob + " bytes");
          } else {
            sendTooLarge(ctx);
          }
        } else if (ar.cause() instanceof BodyReceiver.StalledException stalled) {
          LOG.info("{}: dropped a stalled upload: {}", name, stalled.getMessage());
          ctx.response().putHeader("Connection", "close");
          sendError(ctx, 408, "DEADLINE_EXCEEDED", "REQUEST_TIMEOUT", stalled.getMessage());
          ctx.request().connection().close();
        } else if (ar.cause() instanceof SpoolSpace.InsufficientSpaceException) {
          sendFailure(ctx, ar.cause());
        } else if (ctx.response().closed()) {
          LOG.debug("{}: client went away while sending a blob: {}", name, ar.cause().toString());
        } else {
          ctx.fail(ar.cause());
        }
        return;
      }
      switch (ar.result()) {
        case BodyReceiver.Received.InMemory m -> {
          LOG.atInfo().addKeyValue("bytes", m.bytes().length).log("{}: storing a blob", name);
          reply(ctx, Admission.track(ctx, backend.store(m.bytes(), options)),
              result -> sendJson(ctx, 200, DaemonJson.storeResult(result)));
        }
        case BodyReceiver.Received.Spooled f -> {
          LOG.atInfo().addKeyValue("bytes", f.length()).log("{}: storing a spooled blob", name);
          CompletableFuture<StoreResult> stored = storeSpooled(f.file(), options)
              .whenComplete((r, t) -> {
                BlobSender.deleteNow(f.file());
                f.space().release();
              });
          reply(ctx, Admission.track(ctx, stored), result -> sendJson(ctx, 200, DaemonJson.storeResult(result)));
        }
      }
    });
  }

  private CompletableFuture<StoreResult> storeSpooled(java.nio.file.Path file, StoreOptions options) {
    try {
      return backend.store(file, options);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@code GET /v1/blobs/{blobId}}, honouring a {@code Range: bytes=} header: one range (after
   * coalescing) gives a 206 with {@code Content-Range}, several a 206 {@code multipart/byteranges}
   * (see {@link ByteRange#parse} for the limits), none satisfiable a 416; a Range of another unit
   * than bytes is ignored (RFC 9110 §14.2). Whole blobs and ranges above the spool threshold are
   * decoded into a temporary file and sent from it; several ranges above it together are answered
   * with the whole blob (200), as RFC 9110 allows. Answers carry the blob ID as a strong {@code
   * ETag} (a blob ID names immutable content); a Range with an {@code If-Range} other than that tag
   * is ignored (RFC 9110 §13.1.5: a resumed download of other content gets the whole blob).
   */
  void getBlob(RoutingContext ctx) {
    Optional<BlobId> blobId = blobId(ctx);
    if (blobId.isEmpty()) {
      return;
    }
    String etag = etag(blobId.get());
    ctx.response().putHeader("ETag", etag).putHeader("Accept-Ranges", "bytes");
    String ifRange = ctx.request().getHeader("If-Range");
    boolean rangeStillValid = ifRange == null || ifRange.strip().equals(etag);
    String rangeHeader = rangeStillValid ? ctx.request().getHeader("Range") : null;
    if (rangeHeader == null || rangeHeader.isBlank() || !ByteRange.hasBytesUnit(rangeHeader)) {
      sendWhole(ctx, blobId.get(), -1, -1, null);
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
      boolean throughFile = BlobSender.readsThroughFile(ranges, spool.thresholdBytes());
      if (ranges.size() == 1) {
        ByteRange r = ranges.getFirst();
        if (throughFile) {
          sendWhole(ctx, blobId.get(), r.start(), r.length(), r.contentRange(size));
          return;
        }
        reply(ctx, Admission.track(ctx, readRange(blobId.get(), r.start(), r.length())), bytes -> {
          ctx.response().putHeader("Content-Range", r.contentRange(size));
          BlobSender.sendBytes(ctx, 206, bytes);
        });
        return;
      }
      if (throughFile) {
        LOG.debug("{}: {} ranges over the spool threshold; answering with the whole blob", name, ranges.size());
        sendWhole(ctx, blobId.get(), -1, -1, null);
        return;
      }
      // One range after the other: the request holds one read slot, and each range may fall back to
      // a whole-blob read, so reading them in parallel would hold up to MAX_RANGES blobs at once.
      CompletableFuture<List<byte[]>> all = CompletableFuture.completedFuture(List.of());
      for (ByteRange r : ranges) {
        all = all.thenCompose(done -> readRange(blobId.get(), r.start(), r.length()).thenApply(bytes -> {
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

  /**
   * {@code HEAD /v1/blobs/{blobId}}: the headers of the whole-blob answer (its size from the verified
   * metadata), without reading the blob. A Range header is ignored (range requests are defined for
   * GET only).
   */
  void headBlob(RoutingContext ctx) {
    Optional<BlobId> blobId = blobId(ctx);
    if (blobId.isEmpty()) {
      return;
    }
    reply(ctx, Admission.track(ctx, backend.size(blobId.get())), size -> ctx.response()
        .setStatusCode(200)
        .putHeader("ETag", etag(blobId.get()))
        .putHeader("Content-Type", BlobSender.OCTET_STREAM)
        .putHeader("Content-Length", Long.toString(size))
        .putHeader("Accept-Ranges", "bytes")
        .end());
  }

  private void sendWhole(RoutingContext ctx, BlobId blobId, long start, long length, String contentRange) {
    wholeReads.send(ctx, blobId, start, length, contentRange);
  }

  /**
   * Called once the daemon's event loops are closed: deletes the bodies being received and the files
   * of decoded blobs that no response will send any more, and every later one as its read completes.
   */
  void deleteLeftovers() {
    int deleted = liveFiles.deleteAll();
    if (deleted > 0) {
      LOG.info("{}: deleted {} temporary file(s) of transfers cut off by the shutdown", name, deleted);
    }
  }

  /**
   * {@code GET /v1/blobs/{blobId}/byte-range?start=&length=}; a length above the spool threshold is
   * read through a temporary file.
   */
  void getByteRange(RoutingContext ctx) {
    Optional<BlobId> blobId = blobId(ctx);
    if (blobId.isEmpty()) {
      return;
    }
    long start;
    long length;
    try {
      start = DaemonParams.longParam(ctx, "start", 0, Long.MAX_VALUE, null);
      length = DaemonParams.longParam(ctx, "length", 0, Long.MAX_VALUE, null);
    } catch (IllegalArgumentException e) {
      sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_PARAMETER", e.getMessage());
      return;
    }
    if (length > spool.thresholdBytes()) {
      sendWhole(ctx, blobId.get(), start, length, null);
      return;
    }
    reply(ctx, Admission.track(ctx, readRange(blobId.get(), start, length)),
        bytes -> BlobSender.sendBytes(ctx, 200, bytes));
  }

  /**
   * A range read (up to the spool threshold) that takes a whole-decode permit if the backend falls
   * back to decoding the whole blob, and returns it once the read completed. A blob above the spool
   * threshold is decoded through a temporary file in the spool directory, so the fallback reserves
   * its size there too (507 when the disk has no room), until the read completed.
   */
  private CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
    WholeDecodes.Gate gate = decodes.gate();
    java.util.concurrent.atomic.AtomicReference<SpoolSpace.Reservation> held =
        new java.util.concurrent.atomic.AtomicReference<>();
    CompletableFuture<byte[]> read;
    try {
      read = backend.readRange(blobId, start, length, spool.dir(), bytes -> {
        gate.accept(bytes);
        if (bytes > spool.thresholdBytes()) {
          held.set(space.reserve(bytes));
        }
      });
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return read.whenComplete((bytes, t) -> {
      gate.release();
      SpoolSpace.Reservation r = held.getAndSet(null);
      if (r != null) {
        r.release();
      }
    });
  }

  /** {@code GET /status}. */
  void status(RoutingContext ctx) {
    ObjectNode body = DaemonJson.MAPPER.createObjectNode();
    body.put("status", "ok");
    body.put("name", name);
    body.put("maxBodyBytes", maxBodyBytes);
    body.put("spoolThresholdBytes", spool.thresholdBytes());
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
      sendTooLarge(ctx);
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

  private void sendTooLarge(RoutingContext ctx) {
    sendError(ctx, 413, "PAYLOAD_TOO_LARGE", "PAYLOAD_TOO_LARGE",
        "the blob is larger than this daemon's limit of " + maxBodyBytes + " bytes"
            + " (set max_body_bytes in the daemon config)");
  }

  /** Reads and drops the rest of a request body that will not be used. */
  private static void discardBody(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().handler(buf -> {});
      ctx.request().resume();
    }
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
      case WholeDecodes.BusyException e -> {
        LOG.debug("{}: refused a whole-blob read: {}", name, e.getMessage());
        ctx.response().putHeader("Retry-After", "1");
        sendError(ctx, 503, "UNAVAILABLE", "TOO_MANY_WHOLE_BLOB_READS", e.getMessage());
      }
      case SpoolSpace.InsufficientSpaceException e -> {
        ctx.response().putHeader("Retry-After", "10");
        sendError(ctx, 507, "RESOURCE_EXHAUSTED", "INSUFFICIENT_STORAGE", e.getMessage());
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

  /** The strong entity tag of a blob: its ID, quoted. */
  static String etag(BlobId blobId) {
    return "\"" + blobId.toBase64() + "\"";
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

  private static void sendJson(RoutingContext ctx, int status, ObjectNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
  }

  static void sendError(RoutingContext ctx, int status, String statusName, String reason, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().headers().remove("ETag").remove("Accept-Ranges"); // they describe the blob, not the error
    sendJson(ctx, status, DaemonJson.error(status, statusName, reason, message));
  }
}
