package dev.floe.node.http;

import dev.floe.node.challenge.ChallengeAttestService;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/challenges/attest}: the body goes to {@link ChallengeAttestService} on a worker. */
final class ChallengeHandler {
  private final ChallengeAttestService attest;
  private final Responder responder;

  ChallengeHandler(ChallengeAttestService attest, Responder responder) {
    this.attest = attest;
    this.responder = responder;
  }

  void attest(RoutingContext ctx) {
    try {
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      responder.blocking(ctx, () -> attest.attest(body),
          (c, signed) -> Responder.success(c, 200, Json.signedMessage(signed)));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }
}
