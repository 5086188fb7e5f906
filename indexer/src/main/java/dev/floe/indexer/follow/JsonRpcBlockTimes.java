package dev.floe.indexer.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link BlockTimes} over an EVM JSON-RPC endpoint: batched {@code eth_getBlockByNumber} calls
 * (without transactions), at most {@value #BATCH} blocks per HTTP request, or one call per block
 * when the endpoint does not take batches.
 *
 * <p>The chain-neutral {@code ControlPlane} has no block-header read yet, so the indexer asks the
 * RPC endpoint it already follows directly; this class is the only EVM-specific code of the indexer.
 */
public final class JsonRpcBlockTimes implements BlockTimes {
  static final int BATCH = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param rpcUrl the JSON-RPC HTTP endpoint
   * @param timeout the longest wait for one batch
   */
  public JsonRpcBlockTimes(String rpcUrl, Duration timeout) {
    try {
      this.endpoint = URI.create(rpcUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an RPC URL: '" + rpcUrl + "'", e);
    }
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Map<Long, BlockHeader> headers(Collection<Long> blockNumbers) {
    List<Long> numbers = blockNumbers.stream().distinct().sorted().toList();
    Map<Long, BlockHeader> out = new HashMap<>();
    for (int i = 0; i < numbers.size(); i += BATCH) {
      fetch(numbers.subList(i, Math.min(numbers.size(), i + BATCH)), out);
    }
    return out;
  }

  private void fetch(List<Long> numbers, Map<Long, BlockHeader> out) {
    ArrayNode batch = JSON.createArrayNode();
    for (int i = 0; i < numbers.size(); i++) {
      batch.add(request(i, numbers.get(i)));
    }
    JsonNode answer = post(batch);
    if (!answer.isArray()) {
      // an endpoint without batch support answers with one error object: ask block by block
      for (long n : numbers) {
        JsonNode single = post(request(0, n));
        read(List.of(n), JSON.createArrayNode().add(single), out);
      }
      return;
    }
    read(numbers, answer, out);
  }

  private static JsonNode request(int id, long number) {
    return JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", "eth_getBlockByNumber")
        .set("params", JSON.createArrayNode().add("0x" + Long.toHexString(number)).add(false));
  }

  private JsonNode post(JsonNode body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new BlockTimeException("eth_getBlockByNumber: HTTP " + r.statusCode() + " from the RPC endpoint");
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new BlockTimeException("cannot read block headers: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlockTimeException("interrupted while reading block headers", e);
    }
  }

  private static void read(List<Long> numbers, JsonNode answer, Map<Long, BlockHeader> out) {
    List<JsonNode> byId = new ArrayList<>();
    numbers.forEach(n -> byId.add(null));
    for (JsonNode item : answer) {
      int id = item.path("id").asInt(-1);
      if (id >= 0 && id < numbers.size()) {
        byId.set(id, item);
      }
    }
    for (int i = 0; i < numbers.size(); i++) {
      long number = numbers.get(i);
      JsonNode item = byId.get(i);
      if (item == null || item.has("error")) {
        throw new BlockTimeException("eth_getBlockByNumber(" + number + ") failed: "
            + (item == null ? "no answer" : item.path("error").path("message").asText()));
      }
      JsonNode block = item.path("result");
      if (block.isNull() || block.isMissingNode()) {
        throw new BlockTimeException("the chain has no block " + number);
      }
      out.put(number, new BlockHeader(number, block.path("hash").asText().toLowerCase(Locale.ROOT),
          Instant.ofEpochSecond(quantity(block.path("timestamp").asText(), number))));
    }
  }

  private static long quantity(String hex, long number) {
    if (!hex.startsWith("0x") || hex.length() < 3) {
      throw new BlockTimeException("block " + number + " has no valid timestamp: '" + hex + "'");
    }
    return new BigInteger(hex.substring(2), 16).longValueExact();
  }
}
