package dev.floe.node.http;

import dev.floe.core.blob.BlobId;
import dev.floe.core.protocol.QueryParams;
import dev.floe.node.service.StatusService;
import io.vertx.ext.web.RoutingContext;

/** Blob status and health routes. */
final class StatusHandlers {
  private final StatusService status;
  private final Responder responder;

  StatusHandlers(StatusService status, Responder responder) {
    this.status = status;
    this.responder = responder;
  }

  void blobStatus(RoutingContext ctx) {
    try {
      BlobId id = BlobDataHandlers.blobId(ctx);
      responder.blocking(ctx, () -> status.blobStatus(id), (c, s) -> Responder.success(c, 200, Json.blobStatus(s)));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void health(RoutingContext ctx) {
    try {
      boolean detailed = Responder.flag(ctx, QueryParams.DETAILED);
      responder.blocking(ctx, () -> status.health(detailed), (c, h) -> Responder.success(c, 200, Json.health(h)));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }
}
