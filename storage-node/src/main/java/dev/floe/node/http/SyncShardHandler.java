package dev.floe.node.http;

import dev.floe.node.service.SyncShardService;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/migrate/sync_shard}: shard migration to the shard's new owner. */
final class SyncShardHandler {
  /** Limit of the request body: a signed request is about 130 bytes. */
  static final long BODY_LIMIT = 4096;
  /** The header naming the requester's protocol public key. */
  static final String AUTHORIZATION = "Authorization";

  private final SyncShardService service;
  private final Responder responder;

  SyncShardHandler(SyncShardService service, Responder responder) {
    this.service = service;
    this.responder = responder;
  }

  void syncShard(RoutingContext ctx) {
    try {
      String authorization = ctx.request().getHeader(AUTHORIZATION);
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      responder.blocking(ctx, () -> service.serve(authorization, body), Responder::bcs);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }
}
