package dev.floe.node.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: {@code GET /metrics} answers the Prometheus text format. Separate from the
 * public REST port so that it can stay on a private interface.
 */
public final class MetricsServer {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final Vertx vertx;
  private final NodeMetrics metrics;
  private final String logName;
  private HttpServer server;

  public MetricsServer(Vertx vertx, NodeMetrics metrics, String logName) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.logName = logName;
  }

  /** Binds {@code host:port}; the future fails if the port cannot be bound. */
  public Future<Integer> start(String host, int port) {
    HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    s.requestHandler(req -> {
      if ("/metrics".equals(req.path())) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
          if (ar.succeeded()) {
            req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
          } else {
            req.response().setStatusCode(500).end("scrape failed");
          }
        });
      } else {
        req.response().setStatusCode(404).end("only /metrics is served here");
      }
    });
    return s.listen().map(bound -> {
      server = bound;
      LOG.info("{}: metrics on http://{}:{}/metrics", logName, host, bound.actualPort());
      return bound.actualPort();
    });
  }

  /** Stops the server. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
