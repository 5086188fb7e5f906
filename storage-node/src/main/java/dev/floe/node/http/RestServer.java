package dev.floe.node.http;

import dev.floe.core.protocol.ApiError;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.Routes;
import dev.floe.node.challenge.ChallengeAttestService;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.ConfirmationService;
import dev.floe.node.service.InconsistencyService;
import dev.floe.node.service.StatusService;
import dev.floe.node.service.SymbolService;
import dev.floe.node.service.SyncShardService;
import dev.floe.node.service.StorageService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage node's REST server: routes of walrus-protocol.md §3, bounded bodies per route, all
 * work on a bounded worker pool. {@link #start} returns the listen future, so a port that cannot be
 * bound fails start-up.
 */
public final class RestServer {
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
  /**
   * Longest request line accepted: a recovery-symbol query names up to one symbol ID per shard
   * ({@code &id=P-S}, up to 15 characters each), far past the HTTP server's default of 4 KiB.
   */
  static final int MAX_REQUEST_LINE_BYTES = 64 * 1024;

  /** The services the routes call. */
  public record Services(
      StorageService storage,
      ConfirmationService confirmations,
      StatusService status,
      SymbolService symbols,
      InconsistencyService inconsistency,
      SyncShardService syncShard,
      ChallengeAttestService challenges) {
    /** Services without the challenge endpoint (answered 404). */
    public Services(StorageService storage, ConfirmationService confirmations, StatusService status,
        SymbolService symbols, InconsistencyService inconsistency, SyncShardService syncShard) {
      this(storage, confirmations, status, symbols, inconsistency, syncShard, null);
    }
  }

  private final Vertx vertx;
  private final String logName;
  private final Services services;
  private final BodyLimits limits;
  private final NodeMetrics metrics;
  private final int workerThreads;
  private final long maxConfirmationWaitMillis;
  private final int maxInFlight;
  /** How long a body of the given size may take to arrive. */
  private final java.util.function.LongUnaryOperator bodyDeadlineMillis;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  /** Routing-context key of a request's in-flight slot (an AtomicBoolean: still held). */
  private static final String SLOT = "floe.inFlightSlot";
  private WorkerExecutor workers;
  private HttpServer server;

  public RestServer(Vertx vertx, String logName, Services services, BodyLimits limits, NodeMetrics metrics,
      int workerThreads, long maxConfirmationWaitMillis, int maxInFlight,
      java.util.function.LongUnaryOperator bodyDeadlineMillis) {
    this.maxInFlight = maxInFlight;
    this.bodyDeadlineMillis = bodyDeadlineMillis;
    this.vertx = vertx;
    this.logName = logName;
    this.services = services;
    this.limits = limits;
    this.metrics = metrics;
    this.workerThreads = workerThreads;
    this.maxConfirmationWaitMillis = maxConfirmationWaitMillis;
  }

  /** Binds {@code host:port} (0 = any free port) and completes with the bound port. */
  public Future<Integer> start(String host, int port) {
    workers = vertx.createSharedWorkerExecutor("floe-node-io-" + logName, workerThreads);
    Router router = router();
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setCompressionSupported(false).setIdleTimeout(120).setHandle100ContinueAutomatically(true)
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES);
    return vertx.createHttpServer(options).requestHandler(router).listen().map(s -> {
      server = s;
      LOG.info("{}: REST API on http://{}:{}{}", logName, host, s.actualPort(), Routes.PREFIX);
      return s.actualPort();
    });
  }

  /** Stops accepting requests and releases the worker pool. */
  public Future<Void> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> workers == null ? Future.succeededFuture() : workers.close());
  }

  private Router router() {
    Responder responder = new Responder(workers, new ErrorMapper(logName), metrics);
    BlobDataHandlers data = new BlobDataHandlers(services.storage(), responder);
    ConfirmationHandler confirm = new ConfirmationHandler(vertx, services.confirmations(), responder,
        maxConfirmationWaitMillis, maxInFlight, this::releaseSlot);
    StatusHandlers status = new StatusHandlers(services.status(), responder);
    Router r = Router.router(vertx);
    r.route().handler(this::admit);

    r.get(path(Routes.METADATA)).handler(data::getMetadata);
    r.put(path(Routes.METADATA)).handler(body(limits.metadataBytes())).handler(data::putMetadata);
    r.get(path(Routes.METADATA_STATUS)).handler(data::metadataStatus);
    r.get(path(Routes.SLIVER)).handler(data::getSliver);
    r.put(path(Routes.SLIVER)).handler(body(limits.sliverBytes())).handler(data::putSliver);
    r.get(path(Routes.SLIVER_STATUS)).handler(data::sliverStatus);
    r.get(path(Routes.PERMANENT_CONFIRMATION)).handler(confirm::permanent);
    r.get(path(Routes.DELETABLE_CONFIRMATION)).handler(confirm::deletable);
    r.get(path(Routes.BLOB_STATUS)).handler(status::blobStatus);
    r.get(path(Routes.HEALTH)).handler(status::health);
    SymbolHandlers symbols = new SymbolHandlers(services.symbols(), services.inconsistency(), responder,
        services.storage().nShards());
    r.get(path(Routes.RECOVERY_SYMBOLS)).handler(symbols::recoverySymbols);
    r.get(path(Routes.DECODING_SYMBOLS)).handler(symbols::decodingSymbols);
    r.post(path(Routes.INCONSISTENCY_PROOF)).handler(body(limits.proofBytes())).handler(symbols::inconsistencyProof);
    SyncShardHandler sync = new SyncShardHandler(services.syncShard(), responder);
    r.post(path(Routes.SYNC_SHARD)).handler(body(SyncShardHandler.BODY_LIMIT)).handler(sync::syncShard);
    if (services.challenges() != null) {
      ChallengeHandler challenges = new ChallengeHandler(services.challenges(), responder);
      r.post(ChallengeAttestService.ROUTE).handler(body(ChallengeAttestService.BODY_LIMIT)).handler(challenges::attest);
    }

    r.errorHandler(404, ctx -> Responder.error(ctx.response(),
        ApiError.of(ErrorReason.ROUTE_NOT_FOUND, "no route " + ctx.request().method() + " " + ctx.request().path())));
    r.errorHandler(405, ctx -> Responder.error(ctx.response(),
        ApiError.of(ErrorReason.METHOD_NOT_ALLOWED, "method " + ctx.request().method() + " is not allowed on "
            + ctx.request().path())));
    r.errorHandler(413, ctx -> {
      metrics.rejected(ErrorReason.PAYLOAD_TOO_LARGE);
      Responder.error(ctx.response(), ApiError.of(ErrorReason.PAYLOAD_TOO_LARGE,
          "request body exceeds the limit of this route"));
    });
    r.errorHandler(500, ctx -> responder.fail(ctx, ctx.failure() == null ? new IllegalStateException("failed") : ctx.failure()));
    return r;
  }

  /**
   * Admission control before any body is read: past {@code maxInFlight} concurrent requests the
   * node answers 503 at once, so memory and queued work stay bounded under any load.
   */
  private void admit(io.vertx.ext.web.RoutingContext ctx) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      metrics.rejected(ErrorReason.TOO_MANY_REQUESTS);
      Responder.error(ctx.response(), ApiError.of(ErrorReason.TOO_MANY_REQUESTS,
          "the node is serving " + maxInFlight + " requests; retry with backoff"));
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
    ctx.put(SLOT, held);
    ctx.addEndHandler(v -> {
      if (held.compareAndSet(true, false)) {
        inFlight.decrementAndGet();
      }
    });
    ctx.next();
  }

  /**
   * Gives back the request's in-flight slot before it ends: for requests that only wait (bounded on
   * their own), so that waiting costs no slot of the requests doing work.
   */
  private void releaseSlot(RoutingContext ctx) {
    java.util.concurrent.atomic.AtomicBoolean held = ctx.get(SLOT);
    if (held != null && held.compareAndSet(true, false)) {
      inFlight.decrementAndGet();
    }
  }

  /** Requests being served right now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The body of a route: at most {@code limit} bytes, arriving within its deadline. */
  private Handler<RoutingContext> body(long limit) {
    BodyHandler handler = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> {
      long declared = parseLength(ctx.request().getHeader("Content-Length"));
      long deadline = bodyDeadlineMillis.applyAsLong(declared >= 0 ? Math.min(declared, limit) : limit);
      long timer = vertx.setTimer(deadline, id -> {
        if (!ctx.request().isEnded() && !ctx.response().ended()) {
          metrics.rejected(ErrorReason.BODY_TIMEOUT);
          ctx.response().putHeader("Connection", "close");
          Responder.error(ctx.response(), ApiError.of(ErrorReason.BODY_TIMEOUT,
              "the request body did not arrive within " + deadline + " ms"));
          ctx.request().connection().close();
        }
      });
      ctx.addEndHandler(v -> vertx.cancelTimer(timer));
      handler.handle(ctx);
    };
  }

  private static long parseLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Converts a Walrus-style template ({@code {name}}) to a Vert.x path ({@code :name}). */
  static String path(String template) {
    return template.replaceAll("\\{([A-Za-z_][A-Za-z0-9_]*)}", ":$1");
  }
}
