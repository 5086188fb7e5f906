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
 * never more than the body limit. A client that stops sending before the body is complete (a
 * {@code Content-Length} larger than what it sends, a stalled upload) fails the receive with {@link
 * StalledException} once it sent nothing for the idle timeout, and so does a client that trickles
 * the body slower than the minimum rate (averaged since the body began, after a grace period of one
 * idle timeout, not counting time this receiver held the body back), so it cannot hold a store slot
 * and a spool file forever. Runs on the request's event loop; everything here is non-blocking. A failed
 * receive (too large, stalled, client gone, disk error) deletes its file before its future fails,
 * so nothing is left in the spool directory.
 */
final class BodyReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(BodyReceiver.class);
  /** How often the rate of a body is checked while it arrives. */
  private static final long RATE_CHECK_MILLIS = 1000;

  /** The body was larger than the limit. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("the body is larger than the limit of " + limit + " bytes");
    }
  }

  /** The client sent no byte of the body for the idle timeout, or sends it slower than the minimum rate. */
  static final class StalledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StalledException(long received, long idleMillis) {
      super("the client sent no data for " + idleMillis + " ms after " + received + " bytes of the body");
    }

    StalledException(String message) {
      super(message);
    }
  }

  /** A received body, in memory or spooled to a file that the receiver of this value deletes. */
  sealed interface Received {
    /** @param bytes the body */
    record InMemory(byte[] bytes) implements Received {}

    /**
     * @param file the spooled body
     * @param length its length in bytes
     * @param space the spool space it holds: release it once the file is deleted
     */
    record Spooled(Path file, long length, SpoolSpace.Reservation space) implements Received {}
  }

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final long maxBytes;
  private final SpoolOptions spool;
  private final SpoolSpace space;
  private final TempFiles liveFiles;
  private final long idleMillis;
  private final long minBytesPerSecond;
  private final long startNanos = System.nanoTime();
  /** Time this receiver held the body back (paused), not counted against the client's rate. */
  private long heldBackNanos;
  private long pausedAtNanos;
  private final Promise<Received> result = Promise.promise();
  private Buffer memory = Buffer.buffer();
  private long received;
  private boolean opening;
  private boolean ended;
  private boolean finished;
  private String path;
  private AsyncFile file;
  private Throwable failedWhileOpening;
  /** When the client last sent data, or when this receiver last stopped holding it back. */
  private long lastActivityNanos = System.nanoTime();
  /** The body is paused by this receiver (opening the file, disk write queue full): not the client's fault. */
  private boolean pausedHere;
  private long idleTimer = -1;
  /** The disk space reserved for the spool file, once spooling began. */
  private SpoolSpace.Reservation reservation;

  private BodyReceiver(Vertx vertx, HttpServerRequest request, long maxBytes, SpoolOptions spool, SpoolSpace space,
      TempFiles liveFiles, long idleMillis, long minBytesPerSecond) {
    this.liveFiles = liveFiles;
    this.minBytesPerSecond = minBytesPerSecond;
    this.vertx = vertx;
    this.request = request;
    this.maxBytes = maxBytes;
    this.spool = spool;
    this.space = space;
    this.idleMillis = idleMillis;
  }

  /**
   * Starts receiving the body of {@code request}; fails with {@link TooLargeException} past {@code
   * maxBytes} (at once when {@code Content-Length} says so), with {@link StalledException} when the
   * client sends nothing for {@code idle} before the body is complete, with {@link
   * SpoolSpace.InsufficientSpaceException} when a body to spool does not fit in {@code space} (at once
   * when its {@code Content-Length} does not). With {@code minBytesPerSecond} above zero, a body that
   * arrives slower than that on average (after a grace period of {@code idle}) fails with {@link
   * StalledException} too. The spool file is in {@code liveFiles} while it is
   * received (so a daemon shutdown deletes it), no longer once it is handed over.
   */
  static Future<Received> receive(Vertx vertx, HttpServerRequest request, long maxBytes, SpoolOptions spool,
      SpoolSpace space, TempFiles liveFiles, java.time.Duration idle, long minBytesPerSecond) {
    long idleMillis = Math.max(1, idle.toMillis());
    return new BodyReceiver(vertx, request, maxBytes, spool, space, liveFiles, idleMillis, minBytesPerSecond).start();
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
    armIdleTimer(idleMillis);
    if (declared > spool.thresholdBytes()) {
      openFile(); // refuses at once (507) when the declared body does not fit on the spool's disk
    }
    if (!finished && expectsContinue()) {
      // the client waits for this before it sends the body (RFC 9110 §10.1.1); refusals above went without it
      request.response().writeContinue();
    }
    return result.future();
  }

  private boolean expectsContinue() {
    String expect = request.getHeader("Expect");
    return expect != null && expect.strip().equalsIgnoreCase("100-continue")
        && request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0;
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
    lastActivityNanos = System.nanoTime();
    received += buf.length();
    if (received > maxBytes) {
      fail(new TooLargeException(maxBytes));
      return;
    }
    if (reservation != null && received > reservation.bytes() && !reserveUpTo(received)) {
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
    cancelIdleTimer();
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
        liveFiles.remove(Path.of(path)); // handed over: the store deletes it when done
        result.complete(new Received.Spooled(Path.of(path), received, reservation));
      }
    });
  }

  private void openFile() {
    if (!reserveUpTo(received)) {
      return;
    }
    opening = true;
    pauseHere();
    vertx.fileSystem()
        .createTempFile(spool.dir().toString(), "floe-put-", ".spool", (String) null)
        .compose(p -> {
          path = p;
          if (!liveFiles.add(Path.of(p))) {
            return Future.failedFuture(new IllegalStateException("the daemon is stopping"));
          }
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
            resumeHere();
          }
        });
  }

  private void write(Buffer buf) {
    file.write(buf).onFailure(this::fail);
    if (file.writeQueueFull()) {
      pauseHere();
      file.drainHandler(v -> {
        if (!finished) {
          resumeHere();
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
    cancelIdleTimer();
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

  /** Bytes a body of unknown length reserves at a time beyond what it sent. */
  private static final long RESERVE_STEP = 16L << 20;

  /**
   * Grows the reservation to cover {@code bytes}: the declared length at once, for a body of unknown
   * length a step more (up to the body limit, so it does not reserve for every buffer); fails the
   * receive when the space is not there.
   */
  private boolean reserveUpTo(long bytes) {
    long declared = declaredLength();
    long target = declared >= 0 ? Math.max(bytes, declared) : Math.max(bytes, Math.min(bytes + RESERVE_STEP, maxBytes));
    try {
      if (reservation == null) {
        reservation = space.reserve(target);
      } else if (target > reservation.bytes()) {
        reservation.grow(target - reservation.bytes());
      }
      return true;
    } catch (SpoolSpace.InsufficientSpaceException e) {
      LOG.warn("refusing an upload after {} bytes: {}", received, e.getMessage());
      fail(e);
      return false;
    }
  }

  private void pauseHere() {
    if (!pausedHere) {
      pausedAtNanos = System.nanoTime();
    }
    pausedHere = true;
    request.pause();
  }

  private void resumeHere() {
    if (pausedHere) {
      heldBackNanos += System.nanoTime() - pausedAtNanos;
    }
    pausedHere = false;
    lastActivityNanos = System.nanoTime();
    request.resume();
  }

  /** Checks for a stalled client every so often until the body ended or the receive failed. */
  private void armIdleTimer(long delayMillis) {
    idleTimer = vertx.setTimer(Math.max(1, delayMillis), id -> {
      idleTimer = -1;
      if (finished || ended) {
        return;
      }
      long idleFor = (System.nanoTime() - lastActivityNanos) / 1_000_000;
      if (!pausedHere && idleFor < idleMillis && tooSlow()) {
        long seconds = Math.max(1, clientNanos() / 1_000_000_000L);
        LOG.debug("dropping a trickling upload after {} bytes in {} s", received, seconds);
        fail(new StalledException("the client sent " + received + " bytes of the body in " + seconds
            + " s, slower than the minimum of " + minBytesPerSecond + " bytes per second"));
        return;
      }
      if (pausedHere || idleFor < idleMillis) {
        long next = pausedHere ? idleMillis : idleMillis - idleFor;
        armIdleTimer(minBytesPerSecond > 0 ? Math.min(next, RATE_CHECK_MILLIS) : next);
        return;
      }
      LOG.debug("dropping a stalled upload after {} bytes: nothing received for {} ms", received, idleFor);
      fail(new StalledException(received, idleMillis));
    });
  }

  /** Time the client had to send the body: since it began, less the time this receiver held it back. */
  private long clientNanos() {
    long held = heldBackNanos + (pausedHere ? System.nanoTime() - pausedAtNanos : 0);
    return System.nanoTime() - startNanos - held;
  }

  /** Whether, past the grace period of one idle timeout, the body arrives slower than the minimum rate. */
  private boolean tooSlow() {
    if (minBytesPerSecond <= 0) {
      return false;
    }
    long rated = clientNanos() / 1_000_000 - idleMillis;
    return rated > 0 && received < rated * minBytesPerSecond / 1000;
  }

  private void cancelIdleTimer() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
  }

  /** Closes and deletes the spool file, if any. */
  private Future<Void> cleanUp() {
    String toDelete = path;
    SpoolSpace.Reservation held = reservation;
    Future<Void> closed = file == null ? Future.succeededFuture() : file.close().recover(e -> Future.succeededFuture());
    Future<Void> deleted = toDelete == null
        ? closed
        : closed
            .compose(v -> vertx.fileSystem().delete(toDelete))
            .recover(e -> {
              // the file system of a closing Vert.x refuses work: one unlink, done here
              BlobSender.deleteNow(Path.of(toDelete));
              return Future.succeededFuture();
            });
    return deleted.onComplete(v -> {
      if (toDelete != null) {
        liveFiles.remove(Path.of(toDelete));
      }
      if (held != null) {
        held.release();
      }
    });
  }
}
