package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cli.Floe;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.controlplane.Deployment;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real localnet: anvil, the contracts, 4 storage nodes over 100 shards as separate
 * JVM processes started with {@code floe node run}, the daemon started with {@code floe daemon}; the
 * CLI runs in-process ({@code Floe.commandLine()}) exactly as {@code ./floe} runs it. 100 shards
 * because a 100 MiB blob needs at least 88 (the largest blob is (n-2f)(n-f) x 65534 bytes).
 *
 * <p>The tests share one network and run in order; the last ones stop nodes and move epochs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalnetEndToEndIT {
  private static final int NODES = 4;
  private static final int SHARDS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static LocalNetwork net;
  private static CliRunner cli;
  private static HttpClient http;

  @BeforeAll
  static void startLocalnet() {
    net = LocalNetwork.builder()
        .dir(tmp.resolve("localnet"))
        .nodes(NODES)
        .shards(SHARDS)
        .anvilPort(0)
        .daemonPort(0)
        .daemonMaxBodyBytes(200L << 20)
        .nodeJvmArgs(List.of("-Xmx768m", "-XX:+UseSerialGC"))
        .daemonJvmArgs(List.of("-Xmx2g"))
        .startTimeout(Duration.ofMinutes(3))
        .log(line -> System.out.println("localnet: " + line))
        .build()
        .start();
    cli = new CliRunner(net.layout().dir());
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopLocalnet() throws Exception {
    if (http != null) {
      http.close();
    }
    if (net != null) {
      net.close();
      keepLogs();
    }
  }

  /** Copies the processes' logs next to the surefire reports ({@code <build dir>/e2e-logs}). */
  private static void keepLogs() throws Exception {
    Path testClasses = Path.of(LocalnetEndToEndIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path target = testClasses.getParent().resolve("e2e-logs");
    Files.createDirectories(target);
    try (Stream<Path> files = Files.walk(net.layout().dir())) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(log, target.resolve(log.getFileName().toString().equals("node.log")
            ? log.getParent().getFileName() + ".log" : log.getFileName().toString()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  @Order(1)
  void shouldRoundTripEmptyOneByteAndTenMibBlobsThroughTheCli() throws Exception {
    for (int size : new int[] {0, 1, 10 << 20}) {
      Path file = randomFile("cli-" + size, size);
      String blobId = cli.store(file, "--epochs", "3");
      Path back = tmp.resolve("cli-back-" + size);
      CliRunner.Result read = cli.run("read", blobId, "--out", back.toString());
      assertThat(read.exitCode()).as(read.toString()).isZero();
      assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(file));
    }
    Path file = randomFile("cli-strict", 4096);
    String blobId = cli.store(file, "--epochs", "3");
    CliRunner.Result strict = cli.run("read", blobId, "--strict", "--json");
    assertThat(strict.exitCode()).as(strict.toString()).isZero();
    assertThat(java.util.Base64.getDecoder().decode(strict.json().path("blob").asText()))
        .isEqualTo(Files.readAllBytes(file));

    CliRunner.Result again = cli.run("store", file.toString(), "--epochs", "2", "--json");
    assertThat(again.json().get(0).path("blobStoreResult").has("alreadyCertified")).as(again.toString()).isTrue();

    JsonNode status = cli.run("blob-status", blobId, "--json").json();
    assertThat(status.path("available").asBoolean()).isTrue();
    assertThat(status.path("status").path("permanent").path("isCertified").asBoolean()).isTrue();
    awaitIndexerStatus(blobId, "certified");
    JsonNode indexed = indexer("/blobs/" + blobId);
    assertThat(indexed.path("objects").get(0).path("size").asLong()).isEqualTo(4096);
    assertThat(indexer("/nodes").path("nodes")).hasSize(NODES);
    assertThat(indexer("/health").path("state").asText()).isIn("following", "catching_up");
    JsonNode info = cli.run("info", "--json").json();
    assertThat(info.path("shards").path("nShards").asInt()).isEqualTo(SHARDS);
    assertThat(info.path("committee").path("members")).hasSize(NODES);
  }

  @Test
  @Order(2)
  void shouldRoundTripBlobsUpTo100MibThroughTheDaemon() throws Exception {
    for (int size : new int[] {0, 1, 10 << 20, 100 << 20}) {
      byte[] blob = randomBytes(size);
      HttpResponse<String> put = http.send(
          HttpRequest.newBuilder(URI.create(net.daemonUrl() + "/v1/blobs?epochs=3"))
              .timeout(Duration.ofMinutes(5))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(put.body());
      String blobId;
      if (size == 0) {
        // the empty blob was stored by the CLI test for long enough: upstream's alreadyCertified shape
        JsonNode certified = answer.path("alreadyCertified");
        assertThat(certified.path("endEpoch").asInt()).as(put.body()).isGreaterThan(1);
        assertThat(certified.path("event").has("blockNumber")).isTrue();
        blobId = certified.path("blobId").asText();
      } else {
        JsonNode object = answer.path("newlyCreated").path("blobObject");
        assertThat(object.path("size").asLong()).as(put.body()).isEqualTo(size);
        blobId = object.path("blobId").asText();
      }
      HttpResponse<byte[]> get = get("/v1/blobs/" + blobId, null);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).as("blob of %d bytes read back", size).isEqualTo(blob);
      if (size == 100 << 20) {
        HttpResponse<byte[]> ranged = get("/v1/blobs/" + blobId, "bytes=50000000-50000999");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(blob, 50_000_000, 50_001_000));
        HttpResponse<byte[]> partial = get("/v1/blobs/" + blobId + "/byte-range?start=104857000&length=10000", null);
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(blob, 104_857_000, blob.length));
        Path back = tmp.resolve("daemon-100m-back");
        CliRunner.Result read = cli.run("read", blobId, "--out", back.toString());
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(Files.size(back)).isEqualTo(size);
        Files.delete(back);
      }
    }
  }

  @Test
  @Order(3)
  void shouldStoreAndReadWithOneNodeDown() throws Exception {
    Path before = randomFile("before-down", 200_000);
    String existing = cli.store(before, "--epochs", "3");
    int down = 0;
    assertThat(weightOf(down)).isLessThanOrEqualTo(maxFaulty());
    net.stopNode(down);
    try {
      Path during = randomFile("during-down", 300_000);
      String stored = cli.store(during, "--epochs", "3");
      for (var entry : List.of(new Object[] {existing, before}, new Object[] {stored, during})) {
        Path back = tmp.resolve("down-back");
        CliRunner.Result read = cli.run("read", (String) entry[0], "--out", back.toString());
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes((Path) entry[1]));
        assertThat(get("/v1/blobs/" + entry[0], null).body()).isEqualTo(Files.readAllBytes((Path) entry[1]));
      }
    } finally {
      net.startNode(down);
    }
  }

  @Test
  @Order(4)
  void shouldRouteAroundANodeThatServesCorruptedSlivers() throws Exception {
    Path file = randomFile("corrupt", 500_000);
    String blobId = cli.store(file, "--epochs", "3");
    // the reader asks systematic slivers first, so the liar must hold one of them: pick the owner of
    // the shard that stores sliver pair 0 (shard = rotation offset of the blob ID)
    int liar = ownerOfShard(BlobId.parse(blobId).rotationOffset(SHARDS));
    assertThat(weightOf(liar)).isLessThanOrEqualTo(maxFaulty());
    LocalnetState.NodeEntry node = net.state().node(liar);
    try (CorruptingProxy proxy = new CorruptingProxy(node.restUrl()); ControlPlane operator = operator(liar)) {
      operator.updateNodeMetadata(node.name(), proxy.url()).join();
      try {
        JsonNode members = cli.run("info", "--json").json().path("committee").path("members");
        assertThat(members.findValuesAsText("networkAddress")).as("the liar's address on-chain").contains(proxy.url());
        HttpResponse<String> health = http.send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/v1/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("the proxy forwards: " + health.body()).isEqualTo(200);
        Path back = tmp.resolve("corrupt-back");
        CliRunner.Result read = cli.run("read", blobId, "--out", back.toString());
        assertThat(read.exitCode()).as(read.toString()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(file));
        assertThat(proxy.corruptedSlivers()).as("the lying node was asked and lied").isPositive();
      } finally {
        operator.updateNodeMetadata(node.name(), node.restUrl()).join();
      }
    }
  }

  @Test
  @Order(5)
  void shouldFailClearlyWhenMoreThanFShardsAreDown() throws Exception {
    Path file = randomFile("many-down", 100_000);
    String blobId = cli.store(file, "--epochs", "3");
    net.stopNode(1);
    net.stopNode(2);
    try {
      assertThat(weightOf(1) + weightOf(2)).isGreaterThan(maxFaulty());
      CliRunner.Result store = cli.run("store", randomFile("no-quorum", 1000).toString());
      assertThat(store.exitCode()).as(store.toString()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
      assertThat(store.err()).contains("quorum");

      net.stopNode(3);
      CliRunner.Result read = cli.run("read", blobId, "--out", tmp.resolve("never").toString());
      assertThat(read.exitCode()).as(read.toString()).isEqualTo(Floe.ExitCodes.NOT_AVAILABLE);
      assertThat(read.err()).contains("is not available");
      assertThat(Files.exists(tmp.resolve("never"))).isFalse();
      HttpResponse<byte[]> get = get("/v1/blobs/" + blobId, null);
      assertThat(get.statusCode()).isEqualTo(503);
      assertThat(new String(get.body())).contains("NOT_ENOUGH_NODES");
    } finally {
      for (int i = 1; i <= 3; i++) {
        net.startNode(i);
      }
    }
  }

  @Test
  @Order(6)
  void shouldInvalidateABlobWhoseSliversAreInconsistentWithItsMetadata() throws Exception {
    BlobId blobId;
    int withheld = 3;
    net.stopNode(withheld);
    try (ControlPlane writer = net.clientConnection().connect()) {
      blobId = MaliciousWriter.storeInconsistentBlob(writer, 300_000, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    } finally {
      net.startNode(withheld);
    }
    // the node that missed the upload recovers its slivers, finds the inconsistency and the nodes
    // invalidate the blob ID on-chain
    Await.until("blob " + blobId + " invalidated on-chain", Duration.ofMinutes(3),
        () -> net.admin().blobStatus(blobId).join() instanceof BlobStatus.Invalid);
    for (String mode : new String[] {"--json", "--strict"}) {
      CliRunner.Result read = cli.run("read", blobId.toBase64(), mode, "--out", tmp.resolve("invalid").toString());
      assertThat(read.exitCode()).as(read.toString()).isEqualTo(Floe.ExitCodes.INVALID_BLOB);
      assertThat(read.err()).contains("invalid");
    }
    HttpResponse<byte[]> get = get("/v1/blobs/" + blobId.toBase64(), null);
    assertThat(get.statusCode()).isEqualTo(410);
    assertThat(new String(get.body())).contains("BLOB_INVALID");
    JsonNode status = cli.run("blob-status", blobId.toBase64(), "--json").json();
    assertThat(status.path("status").has("invalid")).isTrue();
    awaitIndexerStatus(blobId.toBase64(), "invalid");
  }

  @Test
  @Order(7)
  void shouldExpireAtTheEndEpochExtendOnRequestAndDeleteDeletableBlobs() throws Exception {
    Path shortFile = randomFile("short", 10_000);
    String shortLived = cli.store(shortFile, "--epochs", "1");
    Path extendedFile = randomFile("extended", 10_000);
    String extended = cli.store(extendedFile, "--epochs", "1");
    CliRunner.Result extend = cli.run("extend", "--blob-id", extended, "--epochs-extended", "2", "--json");
    assertThat(extend.exitCode()).as(extend.toString()).isZero();
    Path deletableFile = randomFile("deletable", 10_000);
    String deletable = cli.store(deletableFile, "--epochs", "3", "--deletable");
    assertThat(cli.run("read", deletable, "--out", tmp.resolve("d").toString()).exitCode()).isZero();

    CliRunner.Result delete = cli.run("delete", "--blob-id", deletable, "--json");
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    CliRunner.Result deleted = cli.run("read", deletable, "--out", tmp.resolve("d2").toString());
    assertThat(deleted.exitCode()).as(deleted.toString()).isEqualTo(Floe.ExitCodes.NOT_AVAILABLE);
    assertThat(cli.run("blob-status", deletable, "--json").json().path("available").asBoolean()).isFalse();

    int epoch = net.advanceEpoch();
    CliRunner.Result expired = cli.run("read", shortLived, "--out", tmp.resolve("e").toString());
    assertThat(expired.exitCode()).as("read in epoch " + epoch + ": " + expired).isEqualTo(Floe.ExitCodes.NOT_AVAILABLE);
    assertThat(expired.err()).contains("ended");
    assertThat(cli.run("blob-status", shortLived, "--json").json().path("available").asBoolean()).isFalse();
    CliRunner.Result stillThere = cli.run("read", extended, "--out", tmp.resolve("x").toString());
    assertThat(stillThere.exitCode()).as(stillThere.toString()).isZero();
    assertThat(Files.readAllBytes(tmp.resolve("x"))).isEqualTo(Files.readAllBytes(extendedFile));
    awaitIndexerStatus(shortLived, "expired");
    awaitIndexerStatus(deletable, "deleted");
    awaitIndexerStatus(extended, "certified");
    assertThat(indexer("/epochs/current").path("epoch").asInt()).isEqualTo(epoch);
  }

  @Test
  @Order(8)
  void shouldMoveShardsToANodeAnOperatorAddsAndKeepEveryBlobReadable() throws Exception {
    Path file = randomFile("before-join", 1_000_000);
    String blobId = cli.store(file, "--epochs", "5");
    CliRunner.Result added = cli.run("localnet", "add-node", "--stake", "2000000", "--json");
    assertThat(added.exitCode()).as(added.toString()).isZero();
    String newOperator = added.json().path("operator").asText();
    String newUrl = added.json().path("restUrl").asText();
    assertThat(added.json().path("index").asInt()).isEqualTo(NODES);
    assertThat(cli.run("localnet", "status", "--json").json().path("nodes")).hasSize(NODES + 1);

    int epoch = net.advanceEpoch();
    var committee = net.admin().currentCommittee().join();
    List<Integer> gained = committee.members().stream()
        .filter(m -> m.nodeId().toHex().equals(newOperator))
        .flatMap(m -> m.shards().stream())
        .toList();
    // with twice the stake of each other node, the newcomer holds about a third of the shards: more
    // than node 3 can make up for when nodes 0-2 are stopped below
    assertThat(gained).as("the new node's shards in epoch " + epoch).hasSizeGreaterThan(SHARDS / 4);
    int sourceSymbols = SHARDS - 2 * maxFaulty();
    assertThat(weightOf(3)).isLessThan(sourceSymbols);
    assertThat(weightOf(3) + gained.size()).isGreaterThanOrEqualTo(sourceSymbols);

    // the newcomer pulls the slivers of its shards for every certified blob, then reports its shards synced
    EncodingConfig config = new EncodingConfig(SHARDS);
    int offset = BlobId.parse(blobId).rotationOffset(SHARDS);
    Await.until("the new node stores its slivers of " + blobId, Duration.ofSeconds(120), () -> gained.stream()
        .allMatch(shard -> status(newUrl + "/v1/blobs/" + blobId + "/slivers/" + config.pairForShard(shard, offset)
            + "/primary") == 200));
    // ...through /v1/migrate/sync_shard: the previous owners keep moved shards until the newcomer reports
    // them received, even though the change completed without it (the other nodes hold a quorum)
    int metricsPort = LocalnetState.load(net.layout()).orElseThrow().node(NODES).metricsPort();
    String metrics = text("http://127.0.0.1:" + metricsPort + "/metrics");
    assertThat(metrics).contains("sync_shard_fallback_slivers_total{node=\"node-4\"} 0.0");
    assertThat(metrics).doesNotContain("sync_shard_slivers_received_total{node=\"node-4\"} 0.0")
        .contains("sync_shard_slivers_received_total{node=\"node-4\"}");
    Await.until("the indexer shows the new node's shards synced", Duration.ofSeconds(60), () -> {
      try {
        return indexer("/epochs/" + epoch).path("shardSyncs").findValuesAsText("nodeId").stream()
            .anyMatch(id -> id.equalsIgnoreCase(newOperator) || id.equalsIgnoreCase("0x" + newOperator));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // with three of the four original nodes stopped, the blob is readable only through the newcomer
    for (int i = 0; i < 3; i++) {
      net.stopNode(i);
    }
    try {
      Path back = tmp.resolve("join-back");
      CliRunner.Result read = cli.run("read", blobId, "--out", back.toString());
      assertThat(read.exitCode()).as(read.toString()).isZero();
      assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(file));
    } finally {
      for (int i = 0; i < 3; i++) {
        net.startNode(i);
      }
    }
  }

  private static String text(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The indexer's JSON answer to {@code GET /v1<path>}. */
  private static JsonNode indexer(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(net.state().indexerUrl() + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("indexer GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Waits until the localnet's indexer (a separate process on SQLite) reports {@code status} for the blob. */
  private static void awaitIndexerStatus(String blobId, String status) {
    Await.until("the indexer reports " + blobId + " " + status, Duration.ofSeconds(60), () -> {
      try {
        return indexer("/blobs/" + blobId).path("status").asText().equals(status);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static int maxFaulty() {
    return (SHARDS - 1) / 3;
  }

  /** The localnet node index whose committee member holds {@code shard}. */
  private static int ownerOfShard(int shard) {
    var committee = net.admin().currentCommittee().join();
    String owner = committee.members().stream()
        .filter(m -> m.shards().contains(shard))
        .map(m -> m.nodeId().toHex())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no member holds shard " + shard));
    for (int i = 0; ; i++) {
      if (net.state().node(i).operator().equals(owner)) {
        return i;
      }
    }
  }

  private static int weightOf(int nodeIndex) {
    String operator = net.state().node(nodeIndex).operator();
    var committee = net.admin().currentCommittee().join();
    return committee.members().stream()
        .filter(m -> m.nodeId().toHex().equals(operator))
        .mapToInt(m -> m.weight())
        .sum();
  }

  private static ControlPlane operator(int nodeIndex) throws Exception {
    Path walletDir = net.layout().nodeKeys(nodeIndex).resolve("wallet");
    Path keystore;
    try (Stream<Path> files = Files.list(walletDir)) {
      keystore = files.findFirst().orElseThrow();
    }
    EvmAccount account = Keystores.loadAccount(keystore, Keystores.readPassword(Optional.of(net.layout().passwordFile())));
    return EvmControlPlane.connect(
        EvmConfig.local(net.rpcUrl()), Deployment.load(net.layout().deploymentFile()), account);
  }

  private static HttpResponse<byte[]> get(String path, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(net.daemonUrl() + path)).timeout(Duration.ofMinutes(3)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] randomBytes(int size) {
    byte[] b = new byte[size];
    new SplittableRandom(size * 31L + 7).nextBytes(b);
    return b;
  }

  private static Path randomFile(String name, int size) throws Exception {
    byte[] b = new byte[size];
    new SplittableRandom(name.hashCode()).nextBytes(b);
    Path file = tmp.resolve(name + ".bin");
    Files.write(file, b);
    return file;
  }
}
