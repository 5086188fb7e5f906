package dev.floe.client.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one {@code PUT} body: up to the spool threshold in memory, beyond it streamed into a
 * temporary file in the spool directory (with back-pressure, so a fast client cannot fill the heap),
 * never more than the body limit. Runs on the request's event loop; everything here is
 * non-blocking. A failed receive (too large, client gone, disk error) deletes its file before its
 * future fails, so nothing is left in the spool directory.
 */
final class BodyReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(BodyReceiver.class);

  /** The body was larger than the limit. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("the body is larger than the limit of " + limit + " bytes");
    }
  }

  /** A received body, in memory or spooled to a file that the receiver of this value deletes. */
  sealed interface Received {
    /** @param bytes the body */
    record InMemory(byte[] bytes) implements Received {}

    /**
     * @param file the spooled body
     * @param length its length in bytes
     */
    record Spooled(Path file, long length) implements Received {}
  }

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final long maxBytes;
  private final SpoolOptions spool;
  private final Promise<Received> result = Promise.promise();
  private Buffer memory = Buffer.buffer();
  private long received;
  private boolean opening;
  private boolean ended;
  private boolean finished;
  private String path;
  private AsyncFile file;
  private Throwable failedWhileOpening;

  private BodyReceiver(Vertx vertx, HttpServerRequest request, long maxBytes, SpoolOptions spool) {
    this.vertx = vertx;
    this.request = request;
    this.maxBytes = maxBytes;
    this.spool = spool;
  }

  /**
   * Starts receiving the body of {@code request}; fails with {@link TooLargeException} past {@code
   * maxBytes} (at once when {@code Content-Length} says so).
   */
  static Future<Received> receive(Vertx vertx, HttpServerRequest request, long maxBytes, SpoolOptions spool) {
    return new BodyReceiver(vertx, request, maxBytes, spool).start();
  }

  private Future<Received> start() {
    long declared = declaredLength();
    if (declared > maxBytes) {
      request.handler(buf -> {}); // discard what still arrives
      request.resume();
      return Future.failedFuture(new TooLargeException(maxBytes));
    }
    request.handler(this::onData);
    request.endHandler(v -> onEnd());
    request.exceptionHandler(this::fail);
    request.resume();
    if (declared > spool.thresholdBytes()) {
      openFile();
    }
    return result.future();
  }

  private long declaredLength() {
    String header = request.getHeader("Content-Length");
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void onData(Buffer buf) {
    if (finished) {
      return;
    }
    received += buf.length();
    if (received > maxBytes) {
      fail(new TooLargeException(maxBytes));
      return;
    }
    if (file != null) {
      write(buf);
      return;
    }
    memory.appendBuffer(buf);
    if (!opening && received > spool.thresholdBytes()) {
      openFile();
    }
  }

  private void onEnd() {
    ended = true;
    if (finished || opening) {
      return;
    }
    if (file == null) {
      finished = true;
      result.complete(new Received.InMemory(memory.getBytes()));
      memory = null;
      return;
    }
    file.close().onComplete(ar -> {
      if (ar.failed()) {
        fail(ar.cause());
      } else if (!finished) {
        finished = true;
        result.complete(new Received.Spooled(Path.of(path), received));
      }
    });
  }

  private void openFile() {
    opening = true;
    request.pause();
    vertx.fileSystem()
        .createTempFile(spool.dir().toString(), "floe-put-", ".spool", (String) null)
        .compose(p -> {
          path = p;
          return vertx.fileSystem().open(p, new OpenOptions().setWrite(true).setCreate(false));
        })
        .onComplete(ar -> {
          opening = false;
          if (ar.succeeded()) {
            file = ar.result();
          }
          if (finished) {
            cleanUp().onComplete(v -> result.fail(failedWhileOpening));
            return;
          }
          if (ar.failed()) {
            fail(ar.cause());
            return;
          }
          file.exceptionHandler(this::fail);
          write(memory);
          memory = null;
          if (ended) {
            onEnd();
          } else {
            request.resume();
          }
        });
  }

  private void write(Buffer buf) {
    file.write(buf).onFailure(this::fail);
    if (file.writeQueueFull()) {
      request.pause();
      file.drainHandler(v -> {
        if (!finished) {
          request.resume();
        }
      });
    }
  }

  private void fail(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    memory = null;
    if (!ended) {
      request.handler(buf -> {}); // discard the rest of the body
      request.resume();
    }
    if (opening) {
      failedWhileOpening = cause; // the open step cleans up, then fails the result
      return;
    }
    cleanUp().onComplete(v -> result.fail(cause));
  }

  /** Closes and deletes the spool file, if any. */
  private Future<Void> cleanUp() {
    String toDelete = path;
    Future<Void> closed = file == null ? Future.succeededFuture() : file.close().recover(e -> Future.succeededFuture());
    if (toDelete == null) {
      return closed;
    }
    return closed
        .compose(v -> vertx.fileSystem().delete(toDelete))
        .recover(e -> {
          LOG.warn("could not delete spool file {}: {}", toDelete, e.getMessage());
          return Future.succeededFuture();
        });
  }
}
