package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.core.blob.BlobId;
import dev.floe.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's bound on whole-blob work ({@code max_concurrent_whole_reads}, here 1) on a real
 * loopback server: a whole-blob GET above the spool threshold and a range read that falls back to
 * decoding the whole blob each take the one permit while the backend decodes; another such read
 * meanwhile gets {@code 503} with {@code Retry-After}, while small whole reads and range reads served
 * by their slivers go on. The backend holds each whole decode (after the daemon's hook admitted it)
 * until the test releases it; "degraded" blobs are those whose range reads fall back.
 */
class FloeDaemonWholeReadsTest {
  private static final long THRESHOLD = 1024;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path spoolDir;
  private final HeldDecodes backend = new HeldDecodes();
  private final HttpClient http = HttpClient.newHttpClient();
  private final byte[] large = random(5000, 1);
  private final byte[] small = random(100, 2);
  private final byte[] degraded = random(3000, 3);
  private final BlobId largeId = id(1);
  private final BlobId smallId = id(2);
  private final BlobId degradedId = id(3);
  private FloeDaemon daemon;
  private String base;

  @BeforeEach
  void start() throws Exception {
    backend.blobs.putAll(Map.of(largeId, large, smallId, small, degradedId, degraded));
    backend.degraded.add(degradedId);
    daemon = new FloeDaemon("whole-reads-test", "127.0.0.1", 0, 1 << 20, new FloeDaemon.Limits(4, 8, 1,
        new SpoolOptions(spoolDir, THRESHOLD), FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT), backend);
    base = "http://127.0.0.1:" + daemon.start().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    backend.releaseAll();
    daemon.stop().toCompletableFuture().get();
    http.close();
  }

  @Test
  void shouldRefuseASecondLargeWholeReadWith503WhileTheFirstDecodesAndServeItAfterwards() throws Exception {
    CompletableFuture<HttpResponse<byte[]>> first = get("/v1/blobs/" + largeId.toBase64(), null);
    backend.awaitHeld(1);

    HttpResponse<byte[]> refused = get("/v1/blobs/" + largeId.toBase64(), null).get(10, TimeUnit.SECONDS);
    assertRefused(refused);
    HttpResponse<byte[]> throughFile = get("/v1/blobs/" + largeId.toBase64(), "bytes=0-2047").get(10, TimeUnit.SECONDS);
    assertThat(throughFile.statusCode()).as("a range above the threshold is read through the whole blob").isEqualTo(503);
    HttpResponse<byte[]> smallWhole = get("/v1/blobs/" + smallId.toBase64(), null).get(10, TimeUnit.SECONDS);
    assertThat(smallWhole.statusCode()).as("a blob under the threshold is not bounded").isEqualTo(200);
    assertThat(smallWhole.body()).isEqualTo(small);
    assertThat(backend.decodesAdmitted).as("refused reads never reached a decode").hasSize(1);

    backend.releaseAll();
    HttpResponse<byte[]> done = first.get(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).isEqualTo(large);

    CompletableFuture<HttpResponse<byte[]>> again = get("/v1/blobs/" + largeId.toBase64(), null);
    backend.awaitHeld(2);
    backend.releaseAll();
    HttpResponse<byte[]> retried = again.get(10, TimeUnit.SECONDS);
    assertThat(retried.statusCode()).as("the permit came back once the first decode completed").isEqualTo(200);
    assertThat(retried.body()).isEqualTo(large);
    Await.until("the spool is empty", WAIT, () -> spoolFiles().isEmpty());
  }

  @Test
  void shouldGateRangeReadsThatFallBackToTheWholeBlobButNotThoseServedBySlivers() throws Exception {
    CompletableFuture<HttpResponse<byte[]>> fallback =
        get("/v1/blobs/" + degradedId.toBase64() + "/byte-range?start=10&length=20", null);
    backend.awaitHeld(1);

    assertRefused(get("/v1/blobs/" + degradedId.toBase64(), "bytes=100-199").get(10, TimeUnit.SECONDS));
    assertRefused(get("/v1/blobs/" + largeId.toBase64(), null).get(10, TimeUnit.SECONDS));
    HttpResponse<byte[]> healthy = get("/v1/blobs/" + largeId.toBase64(), "bytes=100-199").get(10, TimeUnit.SECONDS);
    assertThat(healthy.statusCode()).as("a range its slivers serve takes no permit").isEqualTo(206);
    assertThat(healthy.body()).isEqualTo(Arrays.copyOfRange(large, 100, 200));
    HttpResponse<byte[]> healthyParam =
        get("/v1/blobs/" + largeId.toBase64() + "/byte-range?start=0&length=5", null).get(10, TimeUnit.SECONDS);
    assertThat(healthyParam.statusCode()).isEqualTo(200);
    assertThat(healthyParam.body()).isEqualTo(Arrays.copyOf(large, 5));

    backend.releaseAll();
    HttpResponse<byte[]> done = fallback.get(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).isEqualTo(Arrays.copyOfRange(degraded, 10, 30));

    backend.holding = false;
    HttpResponse<byte[]> multi = get("/v1/blobs/" + degradedId.toBase64(), "bytes=0-0,50-50").get(10, TimeUnit.SECONDS);
    assertThat(multi.statusCode()).as("each range of a multipart answer takes and returns the permit").isEqualTo(206);
    assertThat(backend.decodesAdmitted).hasSize(3);
    HttpResponse<byte[]> after = get("/v1/blobs/" + degradedId.toBase64(), "bytes=100-199").get(10, TimeUnit.SECONDS);
    assertThat(after.statusCode()).isEqualTo(206);
    assertThat(after.body()).isEqualTo(Arrays.copyOfRange(degraded, 100, 200));
  }

  @Test
  void shouldDecodeARangeFallbackInTheSpoolAndRefuseItWith507WhenTheDiskHasNoRoom() throws Exception {
    backend.holding = false;
    HttpResponse<byte[]> ok = get("/v1/blobs/" + degradedId.toBase64(), "bytes=0-9").get(10, TimeUnit.SECONDS);
    assertThat(ok.statusCode()).isEqualTo(206);
    assertThat(backend.rangeTempDirs).as("the backend decodes through the spool directory").containsOnly(spoolDir);

    daemon.stop().toCompletableFuture().get();
    daemon = new FloeDaemon("full-disk", "127.0.0.1", 0, 1 << 20, new FloeDaemon.Limits(4, 8, 1,
        new SpoolOptions(spoolDir, THRESHOLD, Long.MAX_VALUE / 4), FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT), backend);
    base = "http://127.0.0.1:" + daemon.start().toCompletableFuture().get();
    HttpResponse<byte[]> full = get("/v1/blobs/" + degradedId.toBase64(), "bytes=0-9").get(10, TimeUnit.SECONDS);
    assertThat(full.statusCode()).as("a 3000-byte fallback above the threshold needs spool space").isEqualTo(507);
    HttpResponse<byte[]> healthy = get("/v1/blobs/" + largeId.toBase64(), "bytes=0-9").get(10, TimeUnit.SECONDS);
    assertThat(healthy.statusCode()).as("a range its slivers serve needs none").isEqualTo(206);
    HttpResponse<byte[]> again = get("/v1/blobs/" + degradedId.toBase64(), "bytes=0-9").get(10, TimeUnit.SECONDS);
    assertThat(again.statusCode()).as("the refused read returned its permit").isEqualTo(507);
  }

  @Test
  void shouldReturnThePermitWhenAGatedReadFails() throws Exception {
    backend.holding = false;
    backend.failAfterGate = true;
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> failedRange = get("/v1/blobs/" + degradedId.toBase64(), "bytes=0-9").get(10, TimeUnit.SECONDS);
      assertThat(failedRange.statusCode()).isEqualTo(503);
      assertThat(reason(failedRange)).as("the backend's own failure, not the bound").isEqualTo("NOT_ENOUGH_NODES");
      HttpResponse<byte[]> failed = get("/v1/blobs/" + largeId.toBase64(), null).get(10, TimeUnit.SECONDS);
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(reason(failed)).as("the backend's own failure, not the bound").isEqualTo("NOT_ENOUGH_NODES");
    }
    backend.failAfterGate = false;
    HttpResponse<byte[]> ok = get("/v1/blobs/" + largeId.toBase64(), null).get(10, TimeUnit.SECONDS);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(large);
  }

  private static void assertRefused(HttpResponse<byte[]> refused) throws IOException {
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(reason(refused)).isEqualTo("TOO_MANY_WHOLE_BLOB_READS");
    assertThat(DaemonJson.MAPPER.readTree(refused.body()).path("error").path("message").asText())
        .contains("max_concurrent_whole_reads");
  }

  private static String reason(HttpResponse<byte[]> response) throws IOException {
    JsonNode error = DaemonJson.MAPPER.readTree(response.body()).path("error");
    return error.path("details").get(0).path("reason").asText();
  }

  private CompletableFuture<HttpResponse<byte[]>> get(String path, String range) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private List<Path> spoolFiles() {
    try (Stream<Path> files = Files.list(spoolDir)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BlobId id(int n) {
    byte[] b = new byte[32];
    b[0] = (byte) n;
    return BlobId.of(b);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /**
   * Blobs in a map. Whole reads above the in-memory limit, and range reads of degraded blobs, call
   * the daemon's hook first and then (while {@link #holding}) wait for {@link #releaseAll()}, as a
   * slow decode would; whole reads above the limit are written to a file in the spool directory.
   */
  private static final class HeldDecodes implements DaemonBackend {
    final Map<BlobId, byte[]> blobs = new ConcurrentHashMap<>();
    final Set<BlobId> degraded = ConcurrentHashMap.newKeySet();
    final List<BlobId> decodesAdmitted = new CopyOnWriteArrayList<>();
    final List<Path> rangeTempDirs = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    volatile boolean holding = true;
    volatile boolean failAfterGate;

    void awaitHeld(int count) throws InterruptedException {
      Await.until(count + " decode(s) held", WAIT, () -> held.size() >= count);
    }

    void releaseAll() {
      held.forEach(f -> f.complete(null));
    }

    /** The hook, then the (held) decode. */
    private CompletableFuture<byte[]> decodeWhole(BlobId blobId, LongConsumer hook) {
      byte[] blob = blobs.get(blobId);
      if (blob == null) {
        return CompletableFuture.failedFuture(
            new BlobNotAvailableException(blobId, BlobNotAvailableException.Reason.NOT_FOUND, "never stored"));
      }
      return CompletableFuture.supplyAsync(() -> {
        hook.accept(blob.length);
        decodesAdmitted.add(blobId);
        if (failAfterGate) {
          throw new BlobNotAvailableException(blobId, BlobNotAvailableException.Reason.NOT_ENOUGH_NODES, "test");
        }
        return null;
      }).thenCompose(v -> {
        CompletableFuture<Void> decode = new CompletableFuture<>();
        if (holding) {
          held.add(decode);
        } else {
          decode.complete(null);
        }
        return decode.thenApply(done -> blob);
      });
    }

    @Override
    public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir) {
      return read(blobId, inMemoryLimit, spoolDir, bytes -> {});
    }

    @Override
    public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir, LongConsumer beforeSpooling) {
      byte[] blob = blobs.get(blobId);
      if (blob != null && blob.length <= inMemoryLimit) {
        return CompletableFuture.completedFuture(new BlobBody.InMemory(blob));
      }
      return decodeWhole(blobId, beforeSpooling).thenApply(b -> {
        try {
          Path file = Files.createTempFile(spoolDir, "held-get-", ".blob");
          Files.write(file, b);
          return new BlobBody.InFile(file, b.length);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
      return readRange(blobId, start, length, bytes -> {});
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length, Path spoolDir,
        LongConsumer beforeWholeDecode) {
      rangeTempDirs.add(spoolDir);
      return readRange(blobId, start, length, beforeWholeDecode);
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length, LongConsumer beforeWholeDecode) {
      CompletableFuture<byte[]> blob = degraded.contains(blobId)
          ? decodeWhole(blobId, beforeWholeDecode)
          : CompletableFuture.completedFuture(blobs.get(blobId));
      return blob.thenApply(b -> Arrays.copyOfRange(b, (int) start, (int) Math.min(b.length, start + length)));
    }

    @Override
    public CompletableFuture<Long> size(BlobId blobId) {
      return CompletableFuture.completedFuture((long) blobs.get(blobId).length);
    }

    @Override
    public CompletableFuture<StoreResult> store(byte[] data, StoreOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("reads only"));
    }

    @Override
    public CompletableFuture<StoreResult> store(Path file, StoreOptions options) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException("reads only"));
    }

    @Override
    public Map<String, Object> status() {
      return Map.of();
    }
  }
}
