package dev.floe.node.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Registers the symbol and inconsistency-proof routes (recovery work with bounded concurrency). */
public interface SymbolRoutes {
  /** Adds the routes to {@code router}; {@code proofBody} bounds proof uploads. */
  void register(Router router, Responder responder, BodyHandler proofBody);
}
