package dev.floe.client.daemon;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher/aggregator HTTP daemon ({@code floe daemon}): Walrus's daemon routes over Vert.x 5.
 *
 * <pre>
 * PUT /v1/blobs?epochs=&amp;deletable=&amp;permanent=&amp;force=   store the body (413 over the limit)
 * GET /v1/blobs/{blobId}                               read; Range: bytes= gives 206, several
 *                                                      ranges a multipart/byteranges 206
 * HEAD /v1/blobs/{blobId}                              the size, without reading the blob
 * GET /v1/blobs/{blobId}/byte-range?start=&amp;length=     partial read
 * GET /status                                          health and system summary
 * </pre>
 *
 * At most a bounded number of stores and of reads are worked on at once; more get {@code 429}. Of
 * those reads, at most a smaller number may decode a whole blob at once (a whole-blob read above the
 * spool threshold, or a range read whose slivers cannot be had and that falls back to the whole
 * blob; see {@link WholeDecodes}); more get {@code 503} with {@code Retry-After}.
 * Bodies and blobs above the spool threshold ({@link SpoolOptions}) live in temporary files in the
 * spool directory while their request runs, not on the heap; their size is reserved against the
 * directory's free space first ({@code 507} when it does not fit), and {@link #stop()} deletes the
 * files of requests it cuts off. An upload that sends nothing for the body idle timeout gets {@code
 * 408}; {@code Expect: 100-continue} is answered once the request is admitted.
 *
 * <p>Lifecycle: {@link #start()} once (its future fails if the port cannot be bound), then {@link
 * #stop()}. Thread-safe.
 */
public final class FloeDaemon {
  private static final Logger LOG = LoggerFactory.getLogger(FloeDaemon.class);

  /** Route of stores and full reads. */
  public static final String BLOBS = "/v1/blobs";
  /** Stores worked on at once by default (each holds its encoding, and a small body, in memory). */
  public static final int DEFAULT_MAX_CONCURRENT_STORES = 8;
  /** Reads worked on at once by default (each holds slivers, and a small blob, in memory). */
  public static final int DEFAULT_MAX_CONCURRENT_READS = 32;
  /**
   * Whole-blob decodes worked on at once by default (each costs about the blob's size in memory or
   * temporary disk: large whole-blob reads, and range reads falling back to the whole blob).
   */
  public static final int DEFAULT_MAX_CONCURRENT_WHOLE_READS = 2;
  /**
   * How long an upload may send nothing before the daemon drops it with {@code 408} (else a client
   * declaring a long body and stalling would hold a store slot and its spool file forever).
   */
  public static final Duration DEFAULT_BODY_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Default minimum average rate of an upload's body, after a grace period of one idle timeout: 1
   * KiB/s (a client trickling slower gets {@code 408}).
   */
  public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 1024;

  private final String name;
  private final String host;
  private final int port;
  private final long maxBodyBytes;
  private final SpoolOptions spool;
  private final Duration bodyIdleTimeout;
  private final long minBodyBytesPerSecond;
  private final Admission stores;
  private final Admission reads;
  private final int maxConcurrentWholeReads;
  private final DaemonBackend backend;
  private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
  private Vertx vertx;
  private HttpServer server;
  private volatile DaemonHandlers handlers;

  private enum State {
    IDLE,
    RUNNING,
    STOPPED
  }

  /**
   * How much work the daemon takes on at once and where large bodies go.
   *
   * @param maxConcurrentStores stores worked on at once; more get {@code 429} with {@code
   *     Retry-After} before their body is read
   * @param maxConcurrentReads reads worked on at once; more get {@code 429} likewise
   * @param maxConcurrentWholeReads whole blobs decoded at once (whole-blob reads above the spool
   *     threshold, and range reads that fall back to the whole blob); more get {@code 503} with
   *     {@code Retry-After}
   * @param spool where bodies and blobs above its threshold are kept in temporary files
   * @param bodyIdleTimeout an upload whose client sent nothing for this long gets {@code 408} (its
   *     spool file deleted, its store slot freed)
   * @param minBodyBytesPerSecond an upload whose body arrives slower than this on average, once one
   *     idle timeout has passed, gets {@code 408} likewise; 0 turns the check off
   */
  public record Limits(int maxConcurrentStores, int maxConcurrentReads, int maxConcurrentWholeReads,
      SpoolOptions spool, Duration bodyIdleTimeout, long minBodyBytesPerSecond) {
    /** The defaults: {@link #DEFAULT_MAX_CONCURRENT_STORES} and the other {@code DEFAULT_} constants. */
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_CONCURRENT_STORES, DEFAULT_MAX_CONCURRENT_READS,
        DEFAULT_MAX_CONCURRENT_WHOLE_READS, SpoolOptions.defaults(), DEFAULT_BODY_IDLE_TIMEOUT);

    /** Limits with the {@linkplain #DEFAULT_MIN_BODY_BYTES_PER_SECOND default minimum body rate}. */
    public Limits(int maxConcurrentStores, int maxConcurrentReads, int maxConcurrentWholeReads, SpoolOptions spool,
        Duration bodyIdleTimeout) {
      this(maxConcurrentStores, maxConcurrentReads, maxConcurrentWholeReads, spool, bodyIdleTimeout,
          DEFAULT_MIN_BODY_BYTES_PER_SECOND);
    }

    /**
     * @throws IllegalArgumentException for a whole-read limit below 1, a timeout that is not positive
     *     or a negative minimum rate
     */
    public Limits {
      if (minBodyBytesPerSecond < 0) {
        throw new IllegalArgumentException("the minimum body rate must not be negative, got " + minBodyBytesPerSecond);
      }
      if (maxConcurrentWholeReads < 1) {
        throw new IllegalArgumentException(
            "the limit of concurrent whole-blob reads must be at least 1, got " + maxConcurrentWholeReads);
      }
      java.util.Objects.requireNonNull(spool, "spool");
      if (bodyIdleTimeout == null || bodyIdleTimeout.isNegative() || bodyIdleTimeout.isZero()) {
        throw new IllegalArgumentException("the body idle timeout must be positive, got " + bodyIdleTimeout);
      }
    }
  }

  /**
   * A daemon named {@code name} (used in logs) listening on {@code host:port} (port 0 = any free
   * port), refusing bodies over {@code maxBodyBytes}, with the {@linkplain Limits#DEFAULTS default limits}.
   */
  public FloeDaemon(String name, String host, int port, long maxBodyBytes, DaemonBackend backend) {
    this(name, host, port, maxBodyBytes, Limits.DEFAULTS, backend);
  }

  /** As {@link #FloeDaemon(String, String, int, long, DaemonBackend)}, with {@code limits}. */
  public FloeDaemon(String name, String host, int port, long maxBodyBytes, Limits limits, DaemonBackend backend) {
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + maxBodyBytes);
    }
    this.name = name;
    this.host = host;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
    this.spool = limits.spool();
    this.bodyIdleTimeout = limits.bodyIdleTimeout();
    this.minBodyBytesPerSecond = limits.minBodyBytesPerSecond();
    this.maxConcurrentWholeReads = limits.maxConcurrentWholeReads();
    this.stores = new Admission("stores", limits.maxConcurrentStores());
    this.reads = new Admission("reads", limits.maxConcurrentReads());
    this.backend = backend;
  }

  /** Binds the server; completes with the bound port. */
  public CompletionStage<Integer> start() {
    if (!state.compareAndSet(State.IDLE, State.RUNNING)) {
      return CompletableFuture.failedFuture(new IllegalStateException("daemon " + name + " was already started"));
    }
    try {
      Files.createDirectories(spool.dir());
    } catch (IOException e) {
      state.set(State.STOPPED);
      return CompletableFuture.failedFuture(
          new IOException("daemon " + name + " cannot create its spool directory " + spool.dir() + ": " + e, e));
    }
    vertx = Vertx.vertx();
    handlers = new DaemonHandlers(
        name, backend, maxBodyBytes, spool, bodyIdleTimeout, minBodyBytesPerSecond,
        new WholeDecodes(maxConcurrentWholeReads));
    Router router = Router.router(vertx);
    router.route(HttpMethod.PUT, BLOBS).handler(stores).handler(handlers::putBlob);
    router.get(BLOBS + "/:blobId/byte-range").handler(reads).handler(handlers::getByteRange);
    router.head(BLOBS + "/:blobId").handler(reads).handler(handlers::headBlob);
    router.get(BLOBS + "/:blobId").handler(reads).handler(handlers::getBlob);
    router.get("/status").handler(handlers::status);
    router.route().failureHandler(handlers::failure);
    router.route().last().handler(ctx -> ctx.fail(404));
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(false);
    Future<HttpServer> listening = vertx.createHttpServer(options).requestHandler(router).listen();
    return listening
        .map(
            s -> {
              server = s;
              LOG.info("{}: listening on http://{}:{} (body limit {} bytes, blobs over {} bytes spooled to {})",
                  name, host, s.actualPort(), maxBodyBytes, spool.thresholdBytes(), spool.dir());
              return s.actualPort();
            })
        .toCompletionStage()
        .exceptionallyCompose(
            e -> {
              vertx.close();
              state.set(State.STOPPED);
              return CompletableFuture.failedFuture(e);
            });
  }

  /** The bound port (after {@link #start()} completed). */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("daemon " + name + " is not listening");
    }
    return server.actualPort();
  }

  /** Closes the server; idempotent. */
  public CompletionStage<Void> stop() {
    if (state.getAndSet(State.STOPPED) != State.RUNNING || vertx == null) {
      return CompletableFuture.completedFuture(null);
    }
    LOG.info("{}: stopping", name);
    DaemonHandlers running = handlers;
    return vertx.close().toCompletionStage().whenComplete((v, t) -> {
      if (running != null) {
        running.deleteLeftovers();
      }
    });
  }
}
