package dev.floe.client.daemon;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends blob bytes: from memory, or from a temporary file with {@code sendFile} (zero-copy, never
 * on the heap), deleting the file once the response is done, failed, or the client is gone. Also
 * decides which reads go through a file: a range or a set of ranges larger than the spool threshold.
 */
final class BlobSender {
  private static final Logger LOG = LoggerFactory.getLogger(BlobSender.class);
  static final String OCTET_STREAM = "application/octet-stream";

  private BlobSender() {}

  /**
   * Whether {@code ranges} (one, or several for a multipart answer) are read as a whole blob through
   * a file rather than with in-memory range reads: when their total exceeds {@code threshold}.
   */
  static boolean readsThroughFile(List<ByteRange> ranges, long threshold) {
    long total = 0;
    for (ByteRange r : ranges) {
      total += r.length();
      if (total > threshold) {
        return true;
      }
    }
    return false;
  }

  /** Sends {@code bytes} with {@code status}. */
  static void sendBytes(RoutingContext ctx, int status, byte[] bytes) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(status);
    response.putHeader("Content-Type", OCTET_STREAM);
    response.end(Buffer.buffer(bytes));
  }

  /**
   * Sends bytes {@code [offset, offset + length)} of {@code body} with {@code status}; a file body
   * is deleted afterwards whatever happens (also when the response is already closed). {@code
   * afterDelete} runs once the file is deleted (at once for a body in memory).
   */
  static void sendBody(RoutingContext ctx, int status, BlobBody body, long offset, long length, Runnable afterDelete) {
    switch (body) {
      case BlobBody.InMemory m -> {
        afterDelete.run();
        if (offset == 0 && length == m.bytes().length) {
          sendBytes(ctx, status, m.bytes());
        } else {
          byte[] slice = new byte[Math.toIntExact(length)];
          System.arraycopy(m.bytes(), Math.toIntExact(offset), slice, 0, slice.length);
          sendBytes(ctx, status, slice);
        }
      }
      case BlobBody.InFile f -> sendFile(ctx, status, f.file(), offset, length, afterDelete);
    }
  }

  private static void sendFile(
      RoutingContext ctx, int status, Path file, long offset, long length, Runnable afterDelete) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) {
      delete(ctx.vertx(), file).onComplete(v -> afterDelete.run());
      return;
    }
    try {
      response.setStatusCode(status).putHeader("Content-Type", OCTET_STREAM);
      response.sendFile(file.toString(), offset, length).onComplete(ar -> {
        if (ar.failed()) {
          LOG.debug("sending {} failed (client gone?): {}", file.getFileName(), ar.cause().toString());
        }
        delete(ctx.vertx(), file).onComplete(v -> afterDelete.run());
      });
    } catch (RuntimeException e) {
      delete(ctx.vertx(), file).onComplete(v -> afterDelete.run());
      throw e;
    }
  }

  /**
   * Deletes {@code file} without blocking the event loop; a failure is logged. The future completes
   * (successfully) once the deletion was tried.
   */
  static io.vertx.core.Future<Void> delete(Vertx vertx, Path file) {
    return vertx.fileSystem().delete(file.toString()).recover(e -> {
      if (Files.exists(file)) {
        LOG.warn("could not delete temporary file {}: {}", file, e.getMessage());
      }
      return io.vertx.core.Future.succeededFuture();
    });
  }

  /** Deletes {@code file} now (for SDK threads). */
  static void deleteNow(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete temporary file {}: {}", file, e.getMessage());
    }
  }
}
