package dev.floe.node.http;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.QueryParams;
import dev.floe.core.protocol.Routes;
import dev.floe.node.service.StorageService;
import dev.floe.node.service.WriteResult;
import io.vertx.ext.web.RoutingContext;

/** Metadata and sliver routes: GET/PUT and their status. */
final class BlobDataHandlers {
  private final StorageService storage;
  private final Responder responder;

  BlobDataHandlers(StorageService storage, Responder responder) {
    this.storage = storage;
    this.responder = responder;
  }

  void getMetadata(RoutingContext ctx) {
    try {
      BlobId id = blobId(ctx);
      responder.blocking(ctx, () -> storage.metadata(id), Responder::bcs);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void putMetadata(RoutingContext ctx) {
    try {
      BlobId id = blobId(ctx);
      boolean pending = Responder.flag(ctx, QueryParams.PENDING);
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      responder.blocking(ctx, () -> storage.putMetadata(id, body, pending), BlobDataHandlers::written);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void metadataStatus(RoutingContext ctx) {
    try {
      BlobId id = blobId(ctx);
      responder.blocking(ctx, () -> storage.metadataStatus(id), (c, s) -> Responder.success(c, 200, s.wireName()));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void getSliver(RoutingContext ctx) {
    try {
      BlobId id = blobId(ctx);
      int pair = pairIndex(ctx);
      SliverType type = sliverType(ctx);
      responder.blocking(ctx, () -> storage.sliver(id, pair, type), Responder::bcs);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void putSliver(RoutingContext ctx) {
    try {
      BlobId id = blobId(ctx);
      int pair = pairIndex(ctx);
      SliverType type = sliverType(ctx);
      boolean pending = Responder.flag(ctx, QueryParams.PENDING);
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      responder.blocking(ctx, () -> storage.putSliver(id, pair, type, body, pending), BlobDataHandlers::written);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void sliverStatus(RoutingContext ctx) {
    try {
      BlobId id = blobId(ctx);
      int pair = pairIndex(ctx);
      SliverType type = sliverType(ctx);
      responder.blocking(ctx, () -> storage.sliverStatus(id, pair, type),
          (c, s) -> Responder.success(c, 200, s.wireName()));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  private static void written(RoutingContext ctx, WriteResult r) {
    Responder.success(ctx, r.httpCode(), r.description());
  }

  static BlobId blobId(RoutingContext ctx) {
    return BlobId.parse(ctx.pathParam(Routes.BLOB_ID));
  }

  static int pairIndex(RoutingContext ctx) {
    return Routes.parseU16(ctx.pathParam(Routes.SLIVER_PAIR_INDEX), "sliver pair index");
  }

  static SliverType sliverType(RoutingContext ctx) {
    return Routes.parseSliverType(ctx.pathParam(Routes.SLIVER_TYPE));
  }
}
