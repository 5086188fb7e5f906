package dev.floe.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP proxy on loopback in front of one storage node, registered on-chain as the node's
 * address, that can turn the node faulty: pass everything through, stall the bodies of read answers
 * after their headers, corrupt the sliver bytes it serves, or stall the answers to sliver uploads.
 */
public final class FaultyNodeProxy implements AutoCloseable {
  /** What the proxy does to the node's traffic. */
  public enum Fault {
    /** Forward everything unchanged. */
    NONE,
    /** GETs under /v1/blobs: send the headers and half the body, then nothing. */
    STALL_READS,
    /** GETs of slivers and of recovery symbols: flip one byte of the answer. */
    CORRUPT_SLIVERS,
    /** PUTs of slivers: forward, then send the answer's headers and stall its body. */
    STALL_SLIVER_PUTS
  }

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile String target;
  private volatile Fault fault = Fault.NONE;

  /** A proxy on a free loopback port; {@link #forwardTo(int)} before traffic arrives. */
  public FaultyNodeProxy() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind a proxy: " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The proxy's port (the node's address on-chain). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Forwards to the node listening on {@code nodePort}. */
  public void forwardTo(int nodePort) {
    this.target = "http://127.0.0.1:" + nodePort;
  }

  /** Sets the fault (takes effect for the next request). */
  public void fault(Fault value) {
    this.fault = value;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
          .timeout(Duration.ofSeconds(60))
          .method(method, requestBody.length == 0 && method.equals("GET")
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        forward.header("Content-Type", contentType);
      }
      HttpResponse<byte[]> answer;
      try {
        answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      byte[] body = answer.body();
      answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
      Fault current = fault;
      boolean sliver = path.contains("/slivers/") && !path.endsWith("/status");
      boolean stall = (current == Fault.STALL_READS && method.equals("GET") && path.startsWith("/v1/blobs/"))
          || (current == Fault.STALL_SLIVER_PUTS && method.equals("PUT") && sliver);
      boolean symbols = path.endsWith("/recoverySymbols");
      if (current == Fault.CORRUPT_SLIVERS && method.equals("GET") && (sliver || symbols) && answer.statusCode() == 200
          && body.length > 8) {
        body = body.clone();
        body[body.length / 2] ^= 0x5a;
      }
      if (stall && body.length > 1) {
        exchange.sendResponseHeaders(answer.statusCode(), body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        closed.await();
        return;
      }
      exchange.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    http.close();
  }
}
