package dev.floe.indexer.http;

import dev.floe.controlplane.events.EventId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.indexer.follow.EventIndexer;
import dev.floe.indexer.store.BlobObjectView;
import dev.floe.indexer.store.BlobView;
import dev.floe.indexer.store.EpochView;
import dev.floe.indexer.store.EventRange;
import dev.floe.indexer.store.IndexCursor;
import dev.floe.indexer.store.IndexStore;
import dev.floe.indexer.store.IndexedEvent;
import dev.floe.indexer.store.NodeView;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The indexer's read-only query API (JSON over HTTP):
 *
 * <ul>
 *   <li>{@code GET /v1/health}: indexing state, cursor, events indexed, current epoch;
 *   <li>{@code GET /v1/blobs/{blobId}}: status (nonexistent, registered, certified, expired,
 *       deleted, invalid), certified-until epoch, every registration;
 *   <li>{@code GET /v1/blobs?after=&limit=&certified=true}: blob IDs in order, paged; with a range
 *       (below), only blobs certified within it;
 *   <li>{@code GET /v1/epochs/current}, {@code GET /v1/epochs/{epoch}}: transitions and shard syncs;
 *   <li>{@code GET /v1/nodes}: registered nodes;
 *   <li>{@code GET /v1/events?after=BLOCK:LOG&limit=}: the event log, paged, each event with its
 *       block time when known; with a range, only the events within it.
 * </ul>
 *
 * Ranges ({@link RangeParams}): {@code fromBlock}/{@code toBlock} (inclusive) and {@code
 * fromTime}/{@code toTime} (block timestamps, {@code [fromTime, toTime)}, ISO-8601 or Unix
 * seconds), any combination; paging with {@code after}/{@code next} works within a range. Bad
 * parameters get 400 and unknown epochs 404, with {@code {"error":{"code","message"}}}. Queries run
 * off the event loop.
 */
public final class IndexerApi {
  /** The most rows one request returns. */
  public static final int MAX_LIMIT = 1000;

  private final IndexStore store;
  private final EventIndexer indexer;

  public IndexerApi(IndexStore store, EventIndexer indexer) {
    this.store = store;
    this.indexer = indexer;
  }

  /** The routes. */
  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.get("/v1/health").handler(ctx -> answer(ctx, this::health));
    r.get("/v1/blobs").handler(ctx -> answer(ctx, () -> blobs(ctx)));
    r.get("/v1/blobs/:blobId").handler(ctx -> answer(ctx, () -> blob(ctx.pathParam("blobId"))));
    r.get("/v1/epochs/current").handler(ctx -> answer(ctx, () -> epoch(store.currentEpoch())));
    r.get("/v1/epochs/:epoch").handler(ctx -> answer(ctx, () -> epoch(intParam(ctx.pathParam("epoch"), "epoch", 0))));
    r.get("/v1/nodes").handler(ctx -> answer(ctx, this::nodes));
    r.get("/v1/events").handler(ctx -> answer(ctx, () -> events(ctx)));
    r.route().last().handler(ctx -> fail(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.request().path()));
    return r;
  }

  /** Starts serving on {@code host:port} (0 = any free port); returns the server. */
  public HttpServer listen(Vertx vertx, String host, int port) {
    return vertx.createHttpServer().requestHandler(router(vertx)).listen(port, host)
        .toCompletionStage().toCompletableFuture().join();
  }

  private JsonObject health() {
    Optional<IndexCursor> cursor = store.cursor();
    JsonObject o = new JsonObject()
        .put("state", indexer.state().name().toLowerCase())
        .put("cursor", cursor.map(c -> c.id().toString()).orElse(null))
        .put("cursorBlockHash", cursor.flatMap(IndexCursor::blockHash).orElse(null))
        .put("eventsIndexed", cursor.map(IndexCursor::eventsIndexed).orElse(0L))
        .put("currentEpoch", store.currentEpoch())
        .put("blockTimesComplete", indexer.blockTimesComplete());
    indexer.lastError().ifPresent(e -> o.put("lastError", e));
    return o;
  }

  private JsonObject blob(String text) {
    BlobId id;
    try {
      id = BlobId.parse(text);
    } catch (InvalidDataException | IllegalArgumentException e) {
      throw new BadRequest("not a blob ID: " + e.getMessage());
    }
    int epoch = store.currentEpoch();
    BlobView view = store.blob(id);
    JsonArray objects = new JsonArray();
    for (BlobObjectView o : view.objects()) {
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
        .put("objects", objects);
    view.invalidatedInEpoch().ifPresent(e -> out.put("invalidatedInEpoch", e));
    return out;
  }

  private JsonObject blobs(RoutingContext ctx) {
    int limit = intParam(ctx.queryParams().get("limit"), "limit", 100);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    Optional<String> after = Optional.ofNullable(ctx.queryParams().get("after"));
    after.ifPresent(a -> blobIdOrBadRequest(a));
    boolean certified = "true".equalsIgnoreCase(ctx.queryParams().get("certified"));
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

  private JsonObject nodes() {
    JsonArray nodes = new JsonArray();
    for (NodeView n : store.nodes()) {
      nodes.add(new JsonObject()
          .put("nodeId", n.nodeId())
          .put("name", n.name())
          .put("networkAddress", n.networkAddress())
          .put("protocolKeyAddress", n.protocolKeyAddress())
          .put("registeredEpoch", n.registeredEpoch())
          .put("activeStakes", n.activeStakes()));
    }
    return new JsonObject().put("nodes", nodes);
  }

  private JsonObject events(RoutingContext ctx) {
    int limit = intParam(ctx.queryParams().get("limit"), "limit", 100);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    String afterText = ctx.queryParams().get("after");
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

  private static void blobIdOrBadRequest(String text) {
    try {
      BlobId.parse(text);
    } catch (InvalidDataException | IllegalArgumentException e) {
      throw new BadRequest("after must be a blob ID: " + e.getMessage());
    }
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
      } else {
        fail(ctx, 500, "INTERNAL", String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  private static void fail(RoutingContext ctx, int status, String code, String message) {
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
