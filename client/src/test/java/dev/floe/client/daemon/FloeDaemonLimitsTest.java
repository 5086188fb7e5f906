package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's concurrency limits on a real loopback server: each store and read holds a blob in
 * memory, so only a bounded number run at once and the rest get {@code 429} before their body is
 * read. The backend here holds every request until the test releases it.
 */
class FloeDaemonLimitsTest {
  private static final int MAX_STORES = 2;
  private static final int MAX_READS = 1;
  private static final long BODY_LIMIT = 1024;
  private final HeldBackend backend = new HeldBackend();
  private final HttpClient http = HttpClient.newHttpClient();
  private FloeDaemon daemon;
  private String base;

  @BeforeEach
  void start() throws Exception {
    daemon = new FloeDaemon("limits-test", "127.0.0.1", 0, BODY_LIMIT,
        new FloeDaemon.Limits(MAX_STORES, MAX_READS, FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS,
            SpoolOptions.defaults(), FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT), backend);
    base = "http://127.0.0.1:" + daemon.start().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    backend.releaseAll();
    daemon.stop().toCompletableFuture().get();
    http.close();
  }

  @Test
  void shouldRefuseStoresOverTheLimitWith429AndAdmitAgainOnceOneEnded() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> held = new CopyOnWriteArrayList<>();
    for (int i = 0; i < MAX_STORES; i++) {
      held.add(put(new byte[10]));
    }
    backend.awaitHeld(MAX_STORES);

    HttpResponse<String> refused = put(new byte[10]).get(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    JsonNode error = DaemonJson.MAPPER.readTree(refused.body()).path("error");
    assertThat(error.path("details").get(0).path("reason").asText()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(error.path("message").asText()).contains(MAX_STORES + " stores");
    assertThat(backend.stores).hasSize(MAX_STORES);

    backend.releaseAll();
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    CompletableFuture<HttpResponse<String>> again = put(new byte[10]);
    backend.awaitHeld(MAX_STORES + 1);
    backend.releaseAll();
    assertThat(again.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldNotLeakSlotsOnRefusedBodiesOrBadParameters() throws Exception {
    for (int i = 0; i < 3 * MAX_STORES; i++) {
      assertThat(put(new byte[(int) BODY_LIMIT + 1]).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(413);
      assertThat(send("/v1/blobs?epochs=0", new byte[1]).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    }
    CompletableFuture<HttpResponse<String>> admitted = put(new byte[10]);
    backend.awaitHeld(1);
    backend.releaseAll();
    assertThat(admitted.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseReadsOverTheLimitWith429() throws Exception {
    String id = BlobId.of(new byte[32]).toBase64();
    CompletableFuture<HttpResponse<String>> held = get("/v1/blobs/" + id);
    backend.awaitHeld(1);
    assertThat(get("/v1/blobs/" + id + "/byte-range?start=0&length=1").get(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(429);
    backend.releaseAll();
    assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldReadTheRangesOfOneMultipartRequestOneAtATime() throws Exception {
    backend.knownSize = 100L;
    String id = BlobId.of(new byte[32]).toBase64();
    CompletableFuture<HttpResponse<String>> multi = http.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id)).header("Range", "bytes=0-0,10-10,20-20").GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
    for (int part = 1; part <= 3; part++) {
      backend.awaitHeld(part);
      Thread.sleep(200);
      assertThat(backend.reads)
          .as("a multi-range request holds one read slot, so its ranges (each possibly a whole-blob read) are read"
              + " one at a time")
          .hasSize(part);
      backend.reads.get(part - 1).complete(new byte[] {(byte) ('a' + part - 1)});
    }
    HttpResponse<String> response = multi.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).contains("bytes 0-0/100\r\n\r\na", "bytes 10-10/100\r\n\r\nb",
        "bytes 20-20/100\r\n\r\nc");
  }

  private CompletableFuture<HttpResponse<String>> put(byte[] body) {
    return send("/v1/blobs", body);
  }

  private CompletableFuture<HttpResponse<String>> send(String path, byte[] body) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Holds every request until {@link #releaseAll()}: stores then succeed, reads find nothing. */
  private static final class HeldBackend implements DaemonBackend {
    final List<CompletableFuture<StoreResult>> stores = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<byte[]>> reads = new CopyOnWriteArrayList<>();
    private volatile boolean released;
    /** When set, {@link #size} answers at once with it. */
    volatile Long knownSize;

    void awaitHeld(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stores.size() + reads.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(stores.size() + reads.size()).as("requests reaching the backend").isGreaterThanOrEqualTo(count);
    }

    synchronized void releaseAll() {
      for (CompletableFuture<StoreResult> f : stores) {
        byte[] objectId = new byte[32];
        BlobId id = BlobId.of(new byte[32]);
        f.complete(new StoreResult.NewlyCreated(new BlobObject(ObjectId.of(objectId), id, Address.ZERO, 10,
            EncodingType.RS2, 1, OptionalInt.of(1), 2, false, false, ObjectId.of(objectId), 100),
            new StoreResult.ResourceOperation(100, 1), 1));
      }
      for (CompletableFuture<byte[]> f : reads) {
        f.completeExceptionally(new BlobNotAvailableException(
            BlobId.of(new byte[32]), BlobNotAvailableException.Reason.NOT_FOUND, "never stored"));
      }
    }

    @Override
    public CompletableFuture<StoreResult> store(byte[] data, StoreOptions options) {
      CompletableFuture<StoreResult> f = new CompletableFuture<>();
      stores.add(f);
      return f;
    }

    @Override
    public CompletableFuture<StoreResult> store(Path file, StoreOptions options) {
      return store(new byte[0], options);
    }

    @Override
    public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir) {
      return held().thenApply(BlobBody.InMemory::new);
    }

    private CompletableFuture<byte[]> held() {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      reads.add(f);
      return f;
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
      return held();
    }

    @Override
    public CompletableFuture<Long> size(BlobId blobId) {
      if (knownSize != null) {
        return CompletableFuture.completedFuture(knownSize);
      }
      return held().thenApply(b -> (long) b.length);
    }

    @Override
    public Map<String, Object> status() {
      return Map.of();
    }
  }
}
