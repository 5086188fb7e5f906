package dev.floe.indexer.http;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.events.EventId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.indexer.follow.EventIndexer;
import dev.floe.indexer.keeper.EpochKeeper;
import dev.floe.indexer.store.BlobObjectView;
import dev.floe.indexer.store.BlobView;
import dev.floe.indexer.store.EpochView;
import dev.floe.indexer.store.EventRange;
import dev.floe.indexer.store.IndexCursor;
import dev.floe.indexer.store.IndexStore;
import dev.floe.indexer.store.IndexedEvent;
import dev.floe.indexer.store.NodeView;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The indexer's read-only query API (JSON over HTTP):
 *
 * <ul>
 *   <li>{@code GET /v1/health}: indexing state, cursor, events indexed, current epoch, and the
 *       epoch keeper ({@code keeper.enabled}, {@code keeper.lastError} while its transitions fail);
 *   <li>{@code GET /v1/blobs/{blobId}}: status (nonexistent, registered, certified, expired,
 *       deleted, invalid), certified-until epoch, every registration;
 *   <li>{@code GET /v1/blobs?after=&limit=&certified=true}: blob IDs in order, paged ({@code
 *       certified=true}: only those certified, not deleted, not expired in the current epoch and
 *       not invalidated); with a range (below), only blobs certified within it;
 *   <li>{@code GET /v1/epochs/current}, {@code GET /v1/epochs/{epoch}}: transitions and shard syncs;
 *   <li>{@code GET /v1/nodes?after=&limit=}: registered nodes by node ID, paged (default and most
 *       {@value #MAX_LIMIT} per page);
 *   <li>{@code GET /v1/events?after=BLOCK:LOG&limit=}: the event log, paged, each event with its
 *       block time when known; with a range, only the events within it.
 * </ul>
 *
 * Ranges ({@link RangeParams}): {@code fromBlock}/{@code toBlock} (inclusive) and {@code
 * fromTime}/{@code toTime} (block timestamps, {@code [fromTime, toTime)}, ISO-8601 or Unix
 * seconds), any combination; paging with {@code after}/{@code next} works within a range. Bad
 * parameters (also unknown or repeated ones, and undecodable percent-encoding) get 400, unknown
 * paths and epochs 404, other methods than GET 405 (with {@code Allow: GET}), all with {@code
 * {"error":{"code","message"}}}. Queries run off the event loop.
 */
public final class IndexerApi {
  /** The most rows one request returns. */
  public static final int MAX_LIMIT = 1000;

  private static final List<String> RANGE_PARAMS =
      List.of(RangeParams.FROM_BLOCK, RangeParams.TO_BLOCK, RangeParams.FROM_TIME, RangeParams.TO_TIME);
  private static final List<String> NODES_PARAMS = List.of("after", "limit");
  private static final List<String> BLOB_PARAMS = List.of("after", "limit");
  private static final List<String> EVENTS_PARAMS = concat(NODES_PARAMS, RANGE_PARAMS);
  private static final List<String> BLOBS_PARAMS = concat(List.of("after", "limit", "certified"), RANGE_PARAMS);

  private final IndexStore store;
  private final EventIndexer indexer;
  private final Optional<EpochKeeper> keeper;

  /** An API without an epoch keeper. */
  public IndexerApi(IndexStore store, EventIndexer indexer) {
    this(store, indexer, Optional.empty());
  }

  /** An API whose health also reports {@code keeper}, when there is one. */
  public IndexerApi(IndexStore store, EventIndexer indexer, Optional<EpochKeeper> keeper) {
    this.store = store;
    this.indexer = indexer;
    this.keeper = keeper;
  }

  /** The routes. */
  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.get("/v1/health").handler(ctx -> answer(ctx, this::health));
    r.get("/v1/blobs").handler(ctx -> answer(ctx, () -> blobs(ctx)));
    r.get("/v1/blobs/:blobId").handler(ctx -> answer(ctx, () -> blob(ctx)));
    r.get("/v1/epochs/current").handler(ctx -> answer(ctx, () -> epoch(store.currentEpoch())));
    r.get("/v1/epochs/:epoch").handler(ctx -> answer(ctx, () -> epoch(epochParam(ctx.pathParam("epoch")))));
    r.get("/v1/nodes").handler(ctx -> answer(ctx, () -> nodes(ctx)));
    r.get("/v1/events").handler(ctx -> answer(ctx, () -> events(ctx)));
    // what no route answers, in the same envelope: no path (404), a path served for GET only (405),
    // a request the router cannot even read, such as bad percent-encoding in the path (400)
    r.errorHandler(404, ctx -> fail(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.request().path()));
    r.errorHandler(405, ctx -> {
      ctx.response().putHeader("allow", "GET");
      fail(ctx, 405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on " + ctx.request().path()
          + "; this API answers GET only");
    });
    r.errorHandler(400, ctx -> fail(ctx, 400, "BAD_REQUEST", "malformed request (check the percent-encoding of "
        + "the path and query): " + ctx.request().path()));
    r.errorHandler(500, ctx -> fail(ctx, 500, "INTERNAL", "internal error"));
    return r;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** Starts serving on {@code host:port} (0 = any free port); returns the server. */
  public HttpServer listen(Vertx vertx, String host, int port) {
    return vertx.createHttpServer().requestHandler(router(vertx)).invalidRequestHandler(IndexerApi::invalidRequest)
        .listen(port, host).toCompletionStage().toCompletableFuture().join();
  }

  /**
   * Requests the HTTP decoder refused (request line or headers too long, malformed) get the same
   * JSON envelope as every other error instead of a bare status, and the connection is closed.
   */
  private static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "REQUEST_LINE_TOO_LONG";
      message = "the request line is longer than the server accepts (" + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH
          + " bytes); page with after/limit instead of long query strings";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "HEADERS_TOO_LARGE";
      message = "the request headers are larger than the server accepts (" + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE
          + " bytes)";
    } else {
      status = 400;
      code = "BAD_REQUEST";
      message = "malformed HTTP request" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    request.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("connection", "close")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode())
        .onComplete(ignored -> request.connection().close());
  }

  private JsonObject health() {
    Optional<IndexCursor> cursor = store.committedCursor();
    JsonObject o = new JsonObject()
        .put("state", indexer.state().name().toLowerCase())
        .put("cursor", cursor.map(c -> c.id().toString()).orElse(null))
        .put("cursorBlockHash", cursor.flatMap(IndexCursor::blockHash).orElse(null))
        .put("eventsIndexed", cursor.map(IndexCursor::eventsIndexed).orElse(0L))
        .put("currentEpoch", store.currentEpoch())
        .put("blockTimesComplete", indexer.blockTimesComplete());
    indexer.lastError().ifPresent(e -> o.put("lastError", e));
    JsonObject k = new JsonObject().put("enabled", keeper.isPresent());
    keeper.flatMap(EpochKeeper::lastError).ifPresent(e -> k.put("lastError", e));
    o.put("keeper", k);
    return o;
  }

  private JsonObject blob(RoutingContext ctx) {
    onlyKnown(ctx, BLOB_PARAMS);
    String text = ctx.pathParam("blobId");
    int limit = limitParam(ctx, MAX_LIMIT);
    Optional<String> after = Optional.ofNullable(param(ctx, "after"));
    BlobId id;
    try {
      id = BlobId.parse(text);
    } catch (InvalidDataException | IllegalArgumentException e) {
      throw new BadRequest("not a blob ID: " + e.getMessage());
    }
    int epoch = store.currentEpoch();
    BlobView view = store.blob(id);
    JsonArray objects = new JsonArray();
    List<BlobObjectView> all = view.objects();
    int from = 0;
    if (after.isPresent()) {
      from = -1;
      for (int i = 0; i < all.size() && from < 0; i++) {
        if (all.get(i).objectId().equalsIgnoreCase(after.get())) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw new BadRequest("after must be the object ID of one of this blob's registrations, got " + after.get());
      }
    }
    List<BlobObjectView> page = all.subList(from, Math.min(all.size(), from + limit));
    for (BlobObjectView o : page) {
      objects.add(new JsonObject()
          .put("objectId", o.objectId())
          .put("size", o.size())
          .put("encodingType", o.encodingType())
          .put("registeredEpoch", o.registeredEpoch())
          .put("endEpoch", o.endEpoch())
          .put("deletable", o.deletable())
          .put("certifiedEpoch", o.certifiedEpoch().orElse(null))
          .put("deleted", o.deleted()));
    }
    JsonObject out = new JsonObject()
        .put("blobId", id.toString())
        .put("status", view.statusIn(epoch).name().toLowerCase())
        .put("currentEpoch", epoch)
        .put("certifiedUntilEpoch", view.certifiedUntil(epoch))
        .put("objectCount", all.size())
        .put("objects", objects);
    if (from + page.size() < all.size()) {
      out.put("next", page.getLast().objectId());
    }
    view.invalidatedInEpoch().ifPresent(e -> out.put("invalidatedInEpoch", e));
    return out;
  }

  private JsonObject blobs(RoutingContext ctx) {
    onlyKnown(ctx, BLOBS_PARAMS);
    int limit = intParam(param(ctx, "limit"), "limit", 100);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    Optional<String> after = Optional.ofNullable(param(ctx, "after"));
    after.ifPresent(a -> blobIdOrBadRequest(a));
    boolean certified = booleanParam(param(ctx, "certified"), "certified");
    List<String> ids = store.blobIds(after, limit, certified, range(ctx));
    JsonObject out = new JsonObject().put("blobIds", new JsonArray(ids));
    if (ids.size() == limit) {
      out.put("next", ids.getLast());
    }
    return out;
  }

  private JsonObject epoch(int epoch) {
    EpochView view = store.epoch(epoch).orElseThrow(() -> new NotFound("epoch " + epoch + " is not indexed"));
    JsonArray syncs = new JsonArray();
    view.shardSyncs().forEach(s -> syncs.add(new JsonObject().put("nodeId", s.nodeId()).put("shards", new JsonArray(s.shards()))));
    return new JsonObject()
        .put("epoch", view.epoch())
        .put("paramsSelectedBlock", view.paramsSelectedBlock().orElse(null))
        .put("changeStartedBlock", view.changeStartedBlock().orElse(null))
        .put("changeDoneBlock", view.changeDoneBlock().orElse(null))
        .put("changeDone", view.changeDoneBlock().isPresent())
        .put("shardSyncs", syncs)
        .put("challengeFailures", new JsonArray(view.challengeFailures()));
  }

  private JsonObject nodes(RoutingContext ctx) {
    onlyKnown(ctx, NODES_PARAMS);
    int limit = limitParam(ctx, MAX_LIMIT);
    Optional<String> after = Optional.ofNullable(param(ctx, "after"));
    after.ifPresent(a -> {
      try {
        Address.parse(a);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("after must be a node ID (0x + 40 hex digits): " + e.getMessage());
      }
    });
    JsonArray nodes = new JsonArray();
    List<NodeView> page = store.nodes(after, limit);
    for (NodeView n : page) {
      nodes.add(new JsonObject()
          .put("nodeId", n.nodeId())
          .put("name", n.name())
          .put("networkAddress", n.networkAddress())
          .put("protocolKeyAddress", n.protocolKeyAddress())
          .put("registeredEpoch", n.registeredEpoch())
          .put("activeStakes", n.activeStakes()));
    }
    JsonObject out = new JsonObject().put("nodes", nodes);
    if (page.size() == limit) {
      out.put("next", page.getLast().nodeId());
    }
    return out;
  }

  private static int limitParam(RoutingContext ctx, int fallback) {
    int limit = intParam(param(ctx, "limit"), "limit", fallback);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    return limit;
  }

  private JsonObject events(RoutingContext ctx) {
    onlyKnown(ctx, EVENTS_PARAMS);
    int limit = intParam(param(ctx, "limit"), "limit", 100);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    String afterText = param(ctx, "after");
    EventId after;
    try {
      after = afterText == null ? new EventId(0, 0) : EventId.parse(afterText);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
    EventRange range = range(ctx);
    JsonArray events = new JsonArray();
    List<IndexedEvent> page = store.events(after, limit, range);
    for (IndexedEvent e : page) {
      JsonObject o = new JsonObject().put("id", e.id().toString()).put("kind", e.kind());
      e.epoch().ifPresent(v -> o.put("epoch", v));
      e.blobId().ifPresent(v -> o.put("blobId", v));
      e.objectId().ifPresent(v -> o.put("objectId", v));
      e.nodeId().ifPresent(v -> o.put("nodeId", v));
      e.blockTime().ifPresent(t -> o.put("blockTime", t.toString()).put("blockTimestamp", t.getEpochSecond()));
      events.add(o);
    }
    JsonObject out = new JsonObject().put("events", events);
    if (page.size() == limit) {
      out.put("next", page.getLast().id().toString());
    }
    return out;
  }

  private static EventRange range(RoutingContext ctx) {
    try {
      return RangeParams.parse(ctx.queryParams());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  /**
   * Refuses a query parameter the endpoint does not know: a misspelt filter would otherwise be
   * ignored and the answer silently cover more than was asked for.
   */
  private static void onlyKnown(RoutingContext ctx, List<String> known) {
    for (String name : ctx.queryParams().names()) {
      if (!known.contains(name)) {
        throw new BadRequest("unknown parameter '" + name + "'; this endpoint takes " + String.join(", ", known));
      }
    }
  }

  /** The value of query parameter {@code name} (null when absent); given twice is a bad request. */
  private static String param(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParams().getAll(name);
    if (values.size() > 1) {
      throw new BadRequest(name + " is given " + values.size() + " times");
    }
    return values.isEmpty() ? null : values.getFirst();
  }

  private static boolean booleanParam(String text, String name) {
    if (text == null || text.equalsIgnoreCase("false")) {
      return false;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    throw new BadRequest(name + " must be true or false, got '" + text + "'");
  }

  private static void blobIdOrBadRequest(String text) {
    try {
      BlobId.parse(text);
    } catch (InvalidDataException | IllegalArgumentException e) {
      throw new BadRequest("after must be a blob ID: " + e.getMessage());
    }
  }

  private static int epochParam(String text) {
    int epoch = intParam(text, "epoch", 0);
    if (epoch < 0) {
      throw new BadRequest("epoch must be >= 0, got " + epoch);
    }
    return epoch;
  }

  private static int intParam(String text, String name, int fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be an integer, got '" + text + "'");
    }
  }

  private static void answer(RoutingContext ctx, Callable<JsonObject> query) {
    ctx.vertx().<JsonObject>executeBlocking(query, false).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("content-type", "application/json").end(ar.result().encode());
      } else if (ar.cause() instanceof BadRequest e) {
        fail(ctx, 400, "BAD_REQUEST", e.getMessage());
      } else if (ar.cause() instanceof NotFound e) {
        fail(ctx, 404, "NOT_FOUND", e.getMessage());
      } else if (ar.cause() instanceof HttpException e && e.getStatusCode() == 400) {
        // the query string could not be decoded (RoutingContext#queryParams)
        fail(ctx, 400, "BAD_REQUEST", "malformed query string (check its percent-encoding): "
            + ctx.request().query());
      } else {
        fail(ctx, 500, "INTERNAL", String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  private static void fail(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message, null, false, false);
    }
  }
}
