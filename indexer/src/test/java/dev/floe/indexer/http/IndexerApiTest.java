package dev.floe.indexer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.NodeRegistered;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.indexer.follow.EventIndexer;
import dev.floe.indexer.store.IndexStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's answers to requests it cannot serve, over real HTTP on loopback with a real SQLite
 * store (the follower is not started: these answers do not depend on the chain). Requests are written
 * raw so that malformed ones reach the server as they are.
 */
class IndexerApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private IndexStore store;
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    store = IndexStore.open("jdbc:sqlite:" + dir.resolve("index.db"), 31337, "0x" + "11".repeat(20));
    EventIndexer notStarted = new EventIndexer(null, null, store, new EventId(0, 0), 0, 10, Duration.ofSeconds(1));
    vertx = Vertx.vertx();
    server = new IndexerApi(store, notStarted).listen(vertx, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
    store.close();
  }

  @Test
  void answersAWrongMethodOnAKnownPathWith405AndTheErrorEnvelope() throws Exception {
    for (String request : new String[] {"POST /v1/health", "DELETE /v1/blobs", "PUT /v1/events?limit=1",
        "POST /v1/blobs/" + "A".repeat(43), "PATCH /v1/epochs/current"}) {
      Answer a = send(request);
      assertThat(a.status).as(request).isEqualTo(405);
      assertThat(a.header("allow")).as(request).isEqualTo("GET");
      assertThat(a.errorCode()).as(request).isEqualTo("METHOD_NOT_ALLOWED");
      assertThat(a.errorMessage()).as(request).contains(request.split(" ")[0]).contains("GET");
    }
    Answer unknown = send("POST /v1/nothing-here");
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(send("GET /v2/health").errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void answersMalformedPercentEncodingWith400AndTheErrorEnvelope() throws Exception {
    for (String request : new String[] {"GET /v1/blobs/%zz", "GET /v1/events?limit=%zz", "GET /v1/blobs?after=%zz",
        "GET /v1/events?fromTime=%"}) {
      Answer a = send(request);
      assertThat(a.status).as(request + ": " + a.body).isEqualTo(400);
      assertThat(a.errorCode()).as(request).isEqualTo("BAD_REQUEST");
      assertThat(a.errorMessage()).as(request).containsIgnoringCase("percent-encoding");
    }
  }

  @Test
  void answersHealthWhileAPageIsBeingApplied() throws Exception {
    java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
    Thread slowPage = new Thread(() -> {
      synchronized (store) { // what IndexStore.apply holds while a page is written
        holding.countDown();
        try {
          answered.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    slowPage.start();
    try {
      holding.await();
      Answer health = send("GET /v1/health");
      assertThat(health.status).isEqualTo(200);
      assertThat(slowPage.isAlive()).as("answered while the page still held the store").isTrue();
    } finally {
      answered.countDown();
      slowPage.join();
    }
  }

  @Test
  void answersAnOverlongRequestLineOrHeaderWithTheErrorEnvelope() throws Exception {
    Answer line = send("GET /v1/blobs?after=" + "A".repeat(5_000));
    assertThat(line.status).isEqualTo(414);
    assertThat(line.errorCode()).isEqualTo("REQUEST_LINE_TOO_LONG");
    Answer headers = send("GET /v1/health", "X-Padding: " + "p".repeat(9_000));
    assertThat(headers.status).isEqualTo(431);
    assertThat(headers.errorCode()).isEqualTo("HEADERS_TOO_LARGE");
    assertThat(send("GET /v1/health").status).as("the server keeps serving").isEqualTo(200);
  }

  @Test
  void refusesNegativeAndOverflowingNumbersAsBadRequests() throws Exception {
    assertThat(send("GET /v1/epochs/-1").errorMessage()).contains("epoch must be >= 0");
    assertThat(send("GET /v1/epochs/-1").status).isEqualTo(400);
    assertThat(send("GET /v1/epochs/4294967296").errorMessage()).contains("epoch must be an integer");
    assertThat(send("GET /v1/events?limit=-5").errorMessage()).contains("limit must be in [1, 1000]");
    assertThat(send("GET /v1/blobs?limit=99999999999").errorMessage()).contains("limit must be an integer");
    assertThat(send("GET /v1/events?after=-1:0").status).isEqualTo(400);
    assertThat(send("GET /v1/events?after=1:99999999999").status).isEqualTo(400);
    assertThat(send("GET /v1/events?fromBlock=99999999999999999999").errorMessage()).contains("fromBlock");
    assertThat(send("GET /v1/epochs/7").status).as("a well-formed unknown epoch").isEqualTo(404);
    // an offset's '+' written raw in the URL decodes to a space; the instant is still understood
    assertThat(send("GET /v1/events?fromTime=2026-05-01T12:00:00+02:00").status).isEqualTo(200);
    assertThat(send("GET /v1/events?fromTime=2026-05-01T12:00:00%2B02:00").status).isEqualTo(200);
    assertThat(send("GET /v1/events?fromTime=2026-05-01%2012:00:00Z").errorMessage())
        .contains("fromTime must be an ISO-8601 instant");
  }

  @Test
  void pagesTheNodeListSoThatCheapRegistrationsCannotMakeOneAnswerUnbounded() throws Exception {
    int registered = IndexerApi.MAX_LIMIT + 5; // registering a node costs only gas
    List<ChainEvent> page = new ArrayList<>();
    for (int i = 0; i < registered; i++) {
      byte[] node = new byte[20];
      node[0] = (byte) (i >> 8);
      node[1] = (byte) i;
      page.add(new NodeRegistered(new EventId(5, i), 0, Address.of(node), Address.of(node), "n" + i, "http://n" + i));
    }
    store.apply(page, EventId.atBlockEnd(5), Optional.empty());

    JsonNode first = JSON.readTree(send("GET /v1/nodes").body);
    assertThat(first.get("nodes")).hasSize(IndexerApi.MAX_LIMIT);
    String next = first.get("next").asText();
    assertThat(next).isEqualTo(first.get("nodes").get(IndexerApi.MAX_LIMIT - 1).get("nodeId").asText());
    JsonNode rest = JSON.readTree(send("GET /v1/nodes?after=" + next).body);
    assertThat(rest.get("nodes")).hasSize(5);
    assertThat(rest.has("next")).isFalse();
    List<String> all = new ArrayList<>();
    first.get("nodes").forEach(n -> all.add(n.get("nodeId").asText()));
    rest.get("nodes").forEach(n -> all.add(n.get("nodeId").asText()));
    assertThat(all).doesNotHaveDuplicates().hasSize(registered).isSorted();

    JsonNode small = JSON.readTree(send("GET /v1/nodes?limit=2&after=" + all.get(9)).body);
    assertThat(small.get("nodes")).extracting(n -> n.get("nodeId").asText()).containsExactly(all.get(10), all.get(11));
    assertThat(small.get("next").asText()).isEqualTo(all.get(11));
    assertThat(send("GET /v1/nodes?after=bob").errorMessage()).contains("after must be a node ID");
    assertThat(send("GET /v1/nodes?limit=1001").status).isEqualTo(400);
  }

  @Test
  void pagesABlobsRegistrationsSinceAnyoneMayRegisterTheSameBlobIdAgainAndAgain() throws Exception {
    BlobId blob = BlobId.of(new byte[32]);
    int registered = IndexerApi.MAX_LIMIT + 3;
    List<ChainEvent> page = new ArrayList<>();
    for (int i = 0; i < registered; i++) {
      byte[] object = new byte[32];
      object[30] = (byte) (i >> 8);
      object[31] = (byte) i;
      page.add(new BlobRegistered(new EventId(7, i), 0, blob, 1_000, EncodingType.RS2, 3 + (i % 5), i % 2 == 0,
          ObjectId.of(object)));
    }
    store.apply(page, EventId.atBlockEnd(7), Optional.empty());

    JsonNode first = JSON.readTree(send("GET /v1/blobs/" + blob).body);
    assertThat(first.get("status").asText()).isEqualTo("registered");
    assertThat(first.get("objectCount").asInt()).isEqualTo(registered);
    assertThat(first.get("objects")).hasSize(IndexerApi.MAX_LIMIT);
    String next = first.get("next").asText();
    assertThat(next).isEqualTo(first.get("objects").get(IndexerApi.MAX_LIMIT - 1).get("objectId").asText());
    JsonNode rest = JSON.readTree(send("GET /v1/blobs/" + blob + "?after=" + next).body);
    assertThat(rest.get("objects")).hasSize(3);
    assertThat(rest.has("next")).isFalse();
    List<String> all = new ArrayList<>();
    first.get("objects").forEach(o -> all.add(o.get("objectId").asText()));
    rest.get("objects").forEach(o -> all.add(o.get("objectId").asText()));
    assertThat(all).doesNotHaveDuplicates().hasSize(registered);

    JsonNode two = JSON.readTree(send("GET /v1/blobs/" + blob + "?limit=2&after=" + all.get(4)).body);
    assertThat(two.get("objects")).extracting(o -> o.get("objectId").asText()).containsExactly(all.get(5), all.get(6));
    assertThat(two.get("next").asText()).isEqualTo(all.get(6));
    assertThat(send("GET /v1/blobs/" + blob + "?after=0x1234").errorMessage()).contains("after must be the object ID");
    assertThat(send("GET /v1/blobs/" + blob + "?limit=0").status).isEqualTo(400);
    assertThat(send("GET /v1/blobs/" + blob + "?objects=all").errorMessage()).contains("unknown parameter 'objects'");
  }

  @Test
  void refusesParametersThatWouldSilentlyWidenAListing() throws Exception {
    Answer notBoolean = send("GET /v1/blobs?certified=1");
    assertThat(notBoolean.status).as("certified=1 must not list uncertified blobs").isEqualTo(400);
    assertThat(notBoolean.errorMessage()).contains("certified must be true or false");
    assertThat(send("GET /v1/blobs?certified=false").status).isEqualTo(200);
    assertThat(send("GET /v1/blobs?certified=TRUE").status).isEqualTo(200);

    Answer typo = send("GET /v1/events?fromblock=5");
    assertThat(typo.status).as("a misspelt range must not answer with everything").isEqualTo(400);
    assertThat(typo.errorMessage()).contains("unknown parameter 'fromblock'").contains("fromBlock");
    assertThat(send("GET /v1/blobs?certifed=true").errorMessage()).contains("unknown parameter 'certifed'");
    assertThat(send("GET /v1/nodes?from=0").status).isEqualTo(400);

    assertThat(send("GET /v1/blobs?limit=5&limit=500").errorMessage()).contains("limit is given 2 times");
    assertThat(send("GET /v1/events?after=1:0&after=2:0").errorMessage()).contains("after is given 2 times");
  }

  /** One raw HTTP/1.1 exchange. */
  private Answer send(String methodAndTarget) throws IOException {
    return send(methodAndTarget, "X-Test: 1");
  }

  private Answer send(String methodAndTarget, String extraHeader) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((methodAndTarget + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeader
          + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String[] head = text.substring(0, split).split("\r\n");
      Answer a = new Answer(Integer.parseInt(head[0].split(" ")[1]), text.substring(split + 4), head);
      assertThat(a.header("content-type")).as("%s: %s", methodAndTarget, text).startsWith("application/json");
      return a;
    }
  }

  private record Answer(int status, String body, String[] head) {
    String header(String name) {
      for (String line : head) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    JsonNode error() {
      try {
        return JSON.readTree(body).path("error");
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String errorCode() {
      return error().path("code").asText();
    }

    String errorMessage() {
      return error().path("message").asText();
    }
  }
}
