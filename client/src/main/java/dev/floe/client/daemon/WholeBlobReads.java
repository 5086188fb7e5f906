package dev.floe.client.daemon;

import dev.floe.core.blob.BlobId;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Whole-blob reads of the daemon (GETs of whole blobs, and ranges read through a whole blob): the
 * backend decodes the blob into memory or, above the spool threshold, into a temporary file in the
 * spool directory, after taking a {@link WholeDecodes} permit (held until the decode completed; 503
 * when none is free) and reserving its size in the {@link SpoolSpace}; the file is sent and then
 * deleted and its space released, also when the response fails, the client is gone or the daemon
 * stopped meanwhile ({@link TempFiles}).
 */
final class WholeBlobReads {
  private final DaemonBackend backend;
  private final SpoolOptions spool;
  private final SpoolSpace space;
  private final WholeDecodes decodes;
  private final TempFiles liveFiles;
  private final BiConsumer<RoutingContext, Throwable> onFailure;

  WholeBlobReads(DaemonBackend backend, SpoolOptions spool, SpoolSpace space, WholeDecodes decodes,
      TempFiles liveFiles, BiConsumer<RoutingContext, Throwable> onFailure) {
    this.backend = backend;
    this.spool = spool;
    this.space = space;
    this.decodes = decodes;
    this.liveFiles = liveFiles;
    this.onFailure = onFailure;
  }

  /**
   * Reads the whole blob (into memory or a temporary file, by the spool threshold) and sends it, or
   * bytes {@code [start, start + length)} of it clamped to its end when {@code start >= 0}: a 206 with
   * {@code contentRange} when that is given, else a 200.
   */
  void send(RoutingContext ctx, BlobId blobId, long start, long length, String contentRange) {
    // disk space for a blob decoded into the spool directory: reserved by the backend before it
    // writes the file, released once the file is deleted (or the read failed)
    AtomicReference<SpoolSpace.Reservation> held = new AtomicReference<>();
    Runnable release = () -> {
      SpoolSpace.Reservation r = held.getAndSet(null);
      if (r != null) {
        r.release();
      }
    };
    // a blob above the threshold is a whole-blob decode: it takes a permit first (released once the
    // decode completed; the file's disk space stays reserved until it is deleted)
    WholeDecodes.Gate gate = decodes.gate();
    CompletableFuture<BlobBody> read;
    try {
      read = backend.read(blobId, spool.thresholdBytes(), spool.dir(), bytes -> {
        gate.accept(bytes);
        held.set(space.reserve(bytes));
      });
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    // the file is tracked before the event loop can see (and delete) it
    CompletableFuture<BlobBody> tracked = read.whenComplete((body, t) -> {
      gate.release();
      if (t != null) {
        release.run();
      } else if (body instanceof BlobBody.InFile f) {
        track(f.file(), release);
      }
    });
    Future.fromCompletionStage(Admission.track(ctx, tracked), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      if (ar.failed()) {
        onFailure.accept(ctx, ar.cause());
        return;
      }
      BlobBody body = ar.result();
      Runnable afterDelete = body instanceof BlobBody.InFile f
          ? () -> {
            liveFiles.remove(f.file());
            release.run();
          }
          : release;
      try {
        if (start < 0) {
          BlobSender.sendBody(ctx, 200, body, 0, body.length(), afterDelete);
          return;
        }
        if (start > body.length() || (start == body.length() && length > 0)) {
          discard(ctx, body, afterDelete);
          DaemonHandlers.sendError(ctx, 400, "INVALID_ARGUMENT", "INVALID_PARAMETER",
              "start " + start + " is beyond the end of the blob (" + body.length() + " bytes)");
          return;
        }
        long end = length >= body.length() - start ? body.length() : start + length;
        if (contentRange != null) {
          ctx.response().putHeader("Content-Range", contentRange);
        }
        BlobSender.sendBody(ctx, contentRange != null ? 206 : 200, body, start, end - start, afterDelete);
      } catch (RuntimeException e) {
        discard(ctx, body, afterDelete);
        ctx.fail(e);
      }
    });
  }

  /**
   * Remembers the file of a decoded blob until it is deleted; once the daemon stopped (its event
   * loops no longer run the request's handlers) the file is deleted at once.
   */
  private void track(java.nio.file.Path file, Runnable release) {
    if (!liveFiles.add(file)) {
      BlobSender.deleteNow(file);
      release.run();
    }
  }

  private static void discard(RoutingContext ctx, BlobBody body, Runnable afterDelete) {
    if (body instanceof BlobBody.InFile f) {
      BlobSender.delete(ctx.vertx(), f.file()).onComplete(v -> afterDelete.run());
    } else {
      afterDelete.run();
    }
  }
}
