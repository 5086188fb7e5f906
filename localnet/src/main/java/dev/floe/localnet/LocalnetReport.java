package dev.floe.localnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * What {@code floe localnet up} shows: the demo round trip through the publisher/aggregator, every
 * endpoint, and the commands to try next.
 */
public final class LocalnetReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalnetReport() {}

  /**
   * Stores a small demo blob through the daemon ({@code PUT /v1/blobs}) and reads it back ({@code GET
   * /v1/blobs/{id}}); returns its blob ID. Fails if the bytes differ.
   */
  public static String demo(String daemonUrl) {
    byte[] blob = ("Hello from the Floe localnet! " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> put = http.send(
          HttpRequest.newBuilder(URI.create(daemonUrl + "/v1/blobs?epochs=1"))
              .timeout(Duration.ofMinutes(2))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (put.statusCode() != 200) {
        throw new LocalnetException("demo store failed: HTTP " + put.statusCode() + " " + put.body());
      }
      JsonNode created = JSON.readTree(put.body());
      String blobId = created.path("newlyCreated").path("blobObject").path("blobId").asText(
          created.path("alreadyCertified").path("blobId").asText(""));
      if (blobId.isEmpty()) {
        throw new LocalnetException("demo store answered without a blob ID: " + put.body());
      }
      HttpResponse<byte[]> get = http.send(
          HttpRequest.newBuilder(URI.create(daemonUrl + "/v1/blobs/" + blobId)).timeout(Duration.ofMinutes(2)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (get.statusCode() != 200 || !Arrays.equals(get.body(), blob)) {
        throw new LocalnetException("demo read of " + blobId + " failed: HTTP " + get.statusCode());
      }
      return blobId;
    } catch (IOException e) {
      throw new LocalnetException("demo round trip failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalnetException("demo round trip interrupted", e);
    }
  }

  /** The endpoints as JSON (for {@code --json}). */
  public static com.fasterxml.jackson.databind.node.ObjectNode json(
      LocalnetState state, LocalnetLayout layout, String demoBlobId) {
    var root = JSON.createObjectNode();
    root.put("dir", layout.dir().toString());
    root.put("rpcUrl", state.rpcUrl());
    root.put("chainId", state.chainId());
    root.put("deploymentFile", layout.deploymentFile().toString());
    root.put("nShards", state.nShards());
    root.put("daemonUrl", state.daemonUrl());
    if (state.indexerUrl() != null) {
      root.put("indexerUrl", state.indexerUrl());
    }
    var nodes = root.putArray("nodes");
    for (LocalnetState.NodeEntry n : state.nodes()) {
      var o = nodes.addObject();
      o.put("index", n.index());
      o.put("name", n.name());
      o.put("restUrl", n.restUrl());
      o.put("metricsUrl", "http://127.0.0.1:" + n.metricsPort() + "/metrics");
      o.put("nodeId", n.operator());
      o.put("config", layout.nodeConfig(n.index()).toString());
      o.put("log", layout.nodeLog(n.index()).toString());
    }
    if (demoBlobId != null) {
      root.put("demoBlobId", demoBlobId);
    }
    return root;
  }

  /** Prints the endpoints and the commands to try next. */
  public static void print(PrintWriter out, LocalnetState state, LocalnetLayout layout, String demoBlobId) {
    Path dir = layout.dir();
    out.println();
    out.println("Floe localnet is up: " + state.nodes().size() + " storage nodes, " + state.nShards() + " shards"
        + " (state in " + dir + ")");
    out.println();
    out.printf("  %-22s %s   (chain id %d)%n", "chain (anvil RPC)", state.rpcUrl(), state.chainId());
    out.printf("  %-22s %s%n", "deployment file", layout.deploymentFile());
    for (LocalnetState.NodeEntry n : state.nodes()) {
      out.printf("  %-22s %s   (metrics http://127.0.0.1:%d/metrics, log %s)%n",
          "storage node " + n.name(), n.restUrl(), n.metricsPort(), layout.nodeLog(n.index()));
    }
    out.printf("  %-22s %s   (log %s)%n", "publisher/aggregator", state.daemonUrl(), layout.daemonLog());
    if (state.indexerUrl() != null) {
      out.printf("  %-22s %s   (SQLite %s, log %s)%n", "indexer (query API)", state.indexerUrl(),
          layout.indexerDir().resolve("indexer.db"), layout.indexerLog());
    }
    out.println();
    String id = demoBlobId == null ? "<BLOB_ID>" : demoBlobId;
    if (demoBlobId != null) {
      out.println("Demo blob stored and read back through the daemon: " + demoBlobId);
      out.println();
    }
    out.println("Try next:");
    out.println("  echo 'hello floe' > /tmp/hello.txt");
    out.println("  ./floe store /tmp/hello.txt --epochs 2          # prints the blob ID");
    out.println("  ./floe read " + id + " --out /tmp/back.txt");
    out.println("  ./floe blob-status " + id);
    out.println("  ./floe info");
    out.println("  curl -X PUT --data-binary @/tmp/hello.txt '" + state.daemonUrl() + "/v1/blobs?epochs=1'");
    out.println("  curl " + state.daemonUrl() + "/v1/blobs/" + id);
    if (state.indexerUrl() != null) {
      out.println("  curl " + state.indexerUrl() + "/blobs/" + id + "       # the indexer's view of it");
    }
    out.println("  ./floe localnet stop-node 0 && ./floe read " + id + "   # still readable with a node down");
    out.println("  ./floe localnet start-node 0");
    out.println("  ./floe localnet advance-epoch                   # jump to the next epoch (blobs expire)");
    out.println("  ./floe localnet down");
    out.println();
    out.flush();
  }
}
