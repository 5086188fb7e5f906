package dev.floe.localnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * anvil's development RPC methods that only a local chain offers: setting an account's ether balance
 * (gas money for generated node and client accounts) and moving the chain's clock (to reach epoch
 * boundaries without waiting). Never used against a real network.
 */
public final class AnvilRpc implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong ids = new AtomicLong();

  public AnvilRpc(String rpcUrl) {
    this.uri = URI.create(rpcUrl);
  }

  /** Gives {@code account} exactly {@code wei} ether ({@code anvil_setBalance}). */
  public void setBalance(Address account, BigInteger wei) {
    call("anvil_setBalance", account.toHex(), "0x" + wei.toString(16));
  }

  /** Moves the clock forward by {@code seconds} and mines a block so the next transaction sees it. */
  public void advanceTime(long seconds) {
    call("evm_increaseTime", seconds);
    call("evm_mine");
  }

  /** The timestamp of the latest block, in seconds. */
  public long latestBlockTimestamp() {
    JsonNode block = call("eth_getBlockByNumber", "latest", false);
    return new BigInteger(block.path("timestamp").asText("0x0").substring(2), 16).longValueExact();
  }

  private JsonNode call(String method, Object... params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    var array = request.putArray("params");
    for (Object p : params) {
      array.addPOJO(p);
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (body.has("error")) {
        throw new LocalnetException(method + " failed: " + body.get("error"));
      }
      return body.path("result");
    } catch (IOException e) {
      throw new LocalnetException(method + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalnetException(method + " interrupted", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
