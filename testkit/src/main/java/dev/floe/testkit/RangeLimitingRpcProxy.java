package dev.floe.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC endpoint in front of a real node that, like many hosted providers, refuses an {@code
 * eth_getLogs} over more than a given number of blocks (with a JSON-RPC error) and passes everything
 * else through unchanged.
 */
public final class RangeLimitingRpcProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final URI upstream;
  private final long maxBlocks;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger refused = new AtomicInteger();

  private RangeLimitingRpcProxy(HttpServer server, URI upstream, long maxBlocks) {
    this.server = server;
    this.upstream = upstream;
    this.maxBlocks = maxBlocks;
  }

  /** Starts a proxy on a free loopback port in front of {@code upstreamUrl}. */
  public static RangeLimitingRpcProxy start(String upstreamUrl, long maxBlocks) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    RangeLimitingRpcProxy proxy = new RangeLimitingRpcProxy(server, URI.create(upstreamUrl), maxBlocks);
    server.createContext("/", proxy::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return proxy;
  }

  /** The proxy's URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many log queries were refused for their range. */
  public int refused() {
    return refused.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode request = JSON.readTree(body);
      byte[] answer;
      if (request.isObject() && "eth_getLogs".equals(request.path("method").asText()) && tooWide(request)) {
        refused.incrementAndGet();
        ObjectNode error = JSON.createObjectNode().put("jsonrpc", "2.0");
        error.set("id", request.get("id"));
        error.putObject("error").put("code", -32602)
            .put("message", "query exceeds max block range " + maxBlocks);
        answer = JSON.writeValueAsBytes(error);
      } else {
        try {
          answer = http.send(HttpRequest.newBuilder(upstream).header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private boolean tooWide(JsonNode request) {
    JsonNode filter = request.path("params").path(0);
    String from = filter.path("fromBlock").asText("");
    String to = filter.path("toBlock").asText("");
    if (!from.startsWith("0x") || !to.startsWith("0x")) {
      return false;
    }
    return Long.parseLong(to.substring(2), 16) - Long.parseLong(from.substring(2), 16) + 1 > maxBlocks;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public String toString() {
    return "RangeLimitingRpcProxy[" + url() + " -> " + upstream + ", " + maxBlocks + " blocks]";
  }
}
