package dev.floe.client.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.core.protocol.ContentTypes;
import dev.floe.core.protocol.JsonFields;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Blocking HTTP exchanges with storage nodes over {@code java.net.http}, meant to be called from
 * virtual threads: binary BCS bodies and the JSON envelopes of the storage-node API
 * ({@code {"success":{"code":..,"data":..}}} / {@code {"error":{...}}}). One instance (one connection
 * pool) is shared by all node clients of an SDK instance. Thread-safe; {@link #close()} releases the
 * pool.
 */
public final class NodeTransport implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Longest error body kept for a message. */
  private static final int MAX_ERROR_BODY = 2048;
  /** Largest error body read from a node (longer ones are cut off). */
  static final long MAX_ERROR_BODY_READ = 64 << 10;
  /** Largest JSON answer read from a node (acks, confirmations, health). */
  private static final long MAX_JSON_BODY = 1 << 20;

  private final ExecutorService executor;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();

  /** A transport with the given connect and per-request timeouts. */
  public NodeTransport(Duration connectTimeout, Duration requestTimeout) {
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
  }

  /**
   * Largest body accepted from a node when the caller gives no tighter bound: above the largest
   * sliver of a 1000-shard committee (667 symbols of up to 65534 bytes) with headroom.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

  /** GET returning the raw body of a 200 answer of at most {@code maxBytes} bytes. */
  byte[] getBytes(String node, URI uri, long maxBytes) {
    HttpResponse<byte[]> response = send(node, HttpRequest.newBuilder(uri).GET(), uri, maxBytes);
    if (response.statusCode() != 200) {
      throw errorFrom(node, response);
    }
    return response.body();
  }

  /** PUT of a binary body; returns the HTTP status of a 2xx answer. */
  int putBytes(String node, URI uri, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", ContentTypes.OCTET_STREAM)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response = send(node, request, uri, MAX_ERROR_BODY_READ);
    if (response.statusCode() / 100 != 2) {
      throw errorFrom(node, response);
    }
    return response.statusCode();
  }

  /** GET of a JSON envelope; returns its {@code data} member. */
  JsonNode getJsonData(String node, URI uri, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", ContentTypes.JSON).timeout(timeout).GET();
    HttpResponse<byte[]> response = send(node, request, uri, MAX_JSON_BODY);
    if (response.statusCode() != 200) {
      throw errorFrom(node, response);
    }
    JsonNode root = parseJson(node, response.body());
    JsonNode data = root.path(JsonFields.SUCCESS).path(JsonFields.DATA);
    if (data.isMissingNode()) {
      throw new NodeRequestException(node, 200, "BAD_RESPONSE", "answer has no success.data member");
    }
    return data;
  }

  /** The default per-request timeout. */
  Duration requestTimeout() {
    return requestTimeout;
  }

  /** Bytes of answer bodies received from nodes so far (complete answers only), for monitoring. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /**
   * Sends {@code request} and reads the answer. The JDK client's timeout covers only the wait for
   * the response headers, so the body gets its own time limit of the same length ({@link
   * LimitedBody}): a node that sends its headers and then stalls cannot hold the caller. A 2xx body
   * over {@code maxBytes} (an error body over {@link #MAX_ERROR_BODY_READ}) is cut off.
   */
  private HttpResponse<byte[]> send(String node, HttpRequest.Builder request, URI uri, long maxBytes) {
    HttpRequest built = request.build();
    if (built.timeout().isEmpty()) {
      built = HttpRequest.newBuilder(built, (n, v) -> true).timeout(requestTimeout).build();
    }
    Duration timeout = built.timeout().orElseThrow();
    String what = built.method() + " " + uri.getPath();
    try {
      HttpResponse<byte[]> response = http.send(built, LimitedBody.handler(maxBytes, timeout));
      bytesReceived.addAndGet(response.body().length);
      return response;
    } catch (HttpTimeoutException e) {
      throw new NodeRequestException(node, "timed out after " + timeout.toMillis() + " ms: " + what, e);
    } catch (IOException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof LimitedBody.TooLargeException tooLarge) {
          throw new NodeRequestException(node, tooLarge.status(), "BODY_TOO_LARGE", what + ": " + tooLarge.getMessage());
        }
      }
      throw new NodeRequestException(node, "unreachable: " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeRequestException(node, "interrupted: " + what, e);
    }
  }

  static NodeRequestException errorFrom(String node, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String path = response.request().method() + " " + response.request().uri().getPath();
    byte[] body = response.body();
    try {
      JsonNode error = JSON.readTree(body).path(JsonFields.ERROR);
      if (error.isObject()) {
        String message = error.path(JsonFields.MESSAGE).asText("");
        String reason = "HTTP_" + status;
        for (JsonNode detail : error.path(JsonFields.DETAILS)) {
          if (detail.hasNonNull(JsonFields.REASON)) {
            reason = detail.get(JsonFields.REASON).asText();
            break;
          }
        }
        return new NodeRequestException(node, status, reason, path + " -> " + status + " " + reason + ": " + message);
      }
    } catch (IOException | RuntimeException e) {
      // not a JSON error envelope; fall through to the raw text
    }
    String text = new String(body, 0, Math.min(body.length, MAX_ERROR_BODY), java.nio.charset.StandardCharsets.UTF_8);
    return new NodeRequestException(node, status, "HTTP_" + status, path + " -> " + status + " " + text.strip());
  }

  private static JsonNode parseJson(String node, byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new NodeRequestException(node, 200, "BAD_RESPONSE", "answer is not JSON: " + e.getMessage());
    }
  }

  /** Aborts the requests still running (a stalled node must not hold the close) and releases the pool. */
  @Override
  public void close() {
    http.shutdownNow();
    executor.shutdownNow();
  }
}
