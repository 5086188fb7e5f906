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
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.FileBlobSource;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.testkit.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's spooling on a real loopback server with a low threshold: bodies above it reach the
 * backend as files in the spool directory, blobs above it are sent from temporary files there, and
 * after every request (stored, read, refused with 413, failed, or abandoned by the client) the spool
 * directory is empty again. The backend keeps blobs in a map and, like the SDK, decodes blobs above
 * the threshold into a temporary file in the spool directory.
 */
class FloeDaemonSpoolTest {
  private static final int SHARDS = 20;
  private static final long THRESHOLD = 16 << 10;
  private static final long LIMIT = 4 << 20;
  private static final Duration CLEAN = Duration.ofSeconds(10);

  @TempDir Path spoolDir;
  private final FileBackend backend = new FileBackend();
  private final HttpClient http = HttpClient.newHttpClient();
  private FloeDaemon daemon;
  private String base;

  @BeforeEach
  void start() throws Exception {
    daemon = new FloeDaemon("spool-test", "127.0.0.1", 0, LIMIT, limits(4, new SpoolOptions(spoolDir, THRESHOLD),
        FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT), backend);
    base = "http://127.0.0.1:" + daemon.start().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    backend.release();
    daemon.stop().toCompletableFuture().get();
    http.close();
  }

  @Test
  void shouldStoreALargeBodyFromASpoolFileAndDeleteItAfterwards() throws Exception {
    byte[] blob = random(300_000, 1);
    HttpResponse<String> put = put(HttpRequest.BodyPublishers.ofByteArray(blob));

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(idOf(put)).isEqualTo(blobId(blob));
    assertThat(backend.storedFrom).as("stored from a file in the spool directory").hasSize(1);
    assertThat(backend.storedFrom.getFirst().getParent()).isEqualTo(spoolDir);
    assertThat(backend.storedInMemory).isZero();
    assertThat(backend.blobs.get(blobId(blob))).isEqualTo(blob);
    assertThat(spoolFiles()).as("the spool file is deleted before the answer").isEmpty();
  }

  @Test
  void shouldSpoolAChunkedBodyOfUnknownLengthOnceItPassesTheThreshold() throws Exception {
    byte[] blob = random(200_000, 2);
    HttpResponse<String> put = put(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(blob)));

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(backend.storedFrom).hasSize(1);
    assertThat(backend.blobs.get(blobId(blob))).isEqualTo(blob);
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void shouldKeepASmallBodyInMemory() throws Exception {
    byte[] blob = random((int) THRESHOLD, 3);
    assertThat(put(HttpRequest.BodyPublishers.ofByteArray(blob)).statusCode()).isEqualTo(200);
    assertThat(backend.storedInMemory).isEqualTo(1);
    assertThat(backend.storedFrom).isEmpty();
  }

  @Test
  void shouldRefuseBodiesOverTheLimitWith413AndLeaveNothingInTheSpool() throws Exception {
    HttpResponse<String> declared = put(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT + 1]));
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(DaemonJson.MAPPER.readTree(declared.body()).path("error").path("message").asText())
        .contains(Long.toString(LIMIT));

    byte[] tooLarge = new byte[(int) LIMIT + 100_000];
    HttpResponse<String> chunked =
        put(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)));
    assertThat(chunked.statusCode()).as("refused mid-stream, after spooling began").isEqualTo(413);
    assertThat(spoolFiles()).isEmpty();
    assertThat(backend.storedFrom).isEmpty();
    assertThat(put(HttpRequest.BodyPublishers.ofByteArray(random(100_000, 4))).statusCode())
        .as("the daemon still works").isEqualTo(200);
  }

  @Test
  void shouldDeleteTheSpoolFileWhenTheStoreFails() throws Exception {
    backend.failStores = true;
    HttpResponse<String> put = put(HttpRequest.BodyPublishers.ofByteArray(random(100_000, 5)));
    assertThat(put.statusCode()).isEqualTo(503);
    assertThat(backend.storedFrom).hasSize(1);
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void shouldDeleteAPartlySpooledBodyWhenTheClientHangsUp() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[200_000]);
      out.flush();
      Await.until("the body is being spooled", CLEAN, () -> !spoolFiles().isEmpty());
    }
    Await.until("the spool file is deleted", CLEAN, () -> spoolFiles().isEmpty());
    assertThat(backend.storedFrom).isEmpty();
  }

  @Test
  void shouldDropAStalledUploadAndFreeItsSlotAndSpoolFile() throws Exception {
    FloeDaemon strict = new FloeDaemon("idle-test", "127.0.0.1", 0, LIMIT,
        limits(1, new SpoolOptions(spoolDir, THRESHOLD), Duration.ofMillis(1500)), backend);
    int port = strict.start().toCompletableFuture().get();
    String strictBase = "http://127.0.0.1:" + port;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[100_000]);
      out.flush(); // ... and never sends the rest, nor hangs up
      Await.until("the body is being spooled", CLEAN, () -> !spoolFiles().isEmpty());
      HttpResponse<String> meanwhile = http.send(HttpRequest.newBuilder(URI.create(strictBase + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(random(1000, 20))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(meanwhile.statusCode()).as("the only store slot is taken").isEqualTo(429);

      Await.until("the stalled upload is dropped and its spool file deleted", CLEAN, () -> spoolFiles().isEmpty());
      socket.setSoTimeout((int) CLEAN.toMillis());
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).as("a 408, then the connection is closed").startsWith("HTTP/1.1 408").contains("REQUEST_TIMEOUT");
      HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(strictBase + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(random(1000, 21))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).as("the slot is free again: " + after.body()).isEqualTo(200);
    } finally {
      strict.stop().toCompletableFuture().get();
    }
  }

  @Test
  void shouldDropAnUploadThatTricklesSlowerThanTheMinimumRate() throws Exception {
    FloeDaemon strict = new FloeDaemon("rate-test", "127.0.0.1", 0, LIMIT, new FloeDaemon.Limits(1, 4,
        FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS, new SpoolOptions(spoolDir, THRESHOLD), Duration.ofMillis(1000),
        50_000), backend);
    int port = strict.start().toCompletableFuture().get();
    String strictBase = "http://127.0.0.1:" + port;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      long sent = 0;
      long deadline = System.nanoTime() + CLEAN.toNanos();
      try {
        // 1000 bytes every 300 ms: never idle for the 1 s timeout, but far below 50,000 bytes per second
        while (System.nanoTime() < deadline) {
          out.write(new byte[1000]);
          out.flush();
          sent += 1000;
          Thread.sleep(300);
        }
      } catch (java.io.IOException closedByTheDaemon) {
        // expected: the daemon answered and hung up
      }
      socket.setSoTimeout((int) CLEAN.toMillis());
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).as("a 408 naming the rate, then the connection is closed").startsWith("HTTP/1.1 408")
          .contains("REQUEST_TIMEOUT").contains("slower than the minimum of 50000 bytes per second");
      assertThat(sent).as("dropped within seconds, not after the whole body").isLessThan(100_000);
      HttpResponse<String> fast = http.send(HttpRequest.newBuilder(URI.create(strictBase + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(random(300_000, 24))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(fast.statusCode()).as("the slot is free again and a fast upload passes: " + fast.body()).isEqualTo(200);
    } finally {
      strict.stop().toCompletableFuture().get();
    }
  }

  @Test
  void shouldRefuseWith507WhatTheSpoolDiskHasNoRoomFor() throws Exception {
    byte[] large = random(300_000, 22);
    BlobId largeId = store(large);
    byte[] small = random(1000, 23);
    BlobId smallId = store(small);
    backend.storedFrom.clear();
    // keeps more free space than any disk has: nothing may be spooled, in memory all still works
    FloeDaemon full = new FloeDaemon("full-disk-test", "127.0.0.1", 0, LIMIT,
        limits(4, new SpoolOptions(spoolDir, THRESHOLD, Long.MAX_VALUE / 4), Duration.ofSeconds(30)), backend);
    String fullBase = "http://127.0.0.1:" + full.start().toCompletableFuture().get();
    try {
      HttpResponse<String> declared = http.send(HttpRequest.newBuilder(URI.create(fullBase + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(large)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(declared.statusCode()).as(declared.body()).isEqualTo(507);
      assertThat(DaemonJson.MAPPER.readTree(declared.body()).path("error").path("message").asText())
          .contains("spool directory has room for");
      HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(fullBase + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(chunked.statusCode()).as("refused once it passes the threshold: " + chunked.body()).isEqualTo(507);
      assertThat(backend.storedFrom).isEmpty();

      HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(fullBase + "/v1/blobs/"
          + largeId.toBase64())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(get.statusCode()).as(new String(get.body(), StandardCharsets.UTF_8)).isEqualTo(507);
      assertThat(backend.filesServed).isEmpty();

      HttpResponse<byte[]> smallGet = http.send(HttpRequest.newBuilder(URI.create(fullBase + "/v1/blobs/"
          + smallId.toBase64())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(smallGet.body()).as("small blobs stay in memory").isEqualTo(small);
      HttpResponse<String> smallPut = http.send(HttpRequest.newBuilder(URI.create(fullBase + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(random(1000, 24))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(smallPut.statusCode()).isEqualTo(200);
      assertThat(spoolFiles()).isEmpty();
    } finally {
      full.stop().toCompletableFuture().get();
    }
  }

  @Test
  void shouldLeaveNoTemporaryFileWhenStoppedWithTransfersRunning() throws Exception {
    byte[] blob = random(500_000, 25);
    BlobId id = store(blob);
    backend.holdReads = true;
    try (Socket reading = new Socket("127.0.0.1", daemon.port());
        Socket uploading = new Socket("127.0.0.1", daemon.port())) {
      reading.getOutputStream().write(("GET /v1/blobs/" + id.toBase64() + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      reading.getOutputStream().flush();
      uploading.getOutputStream().write(("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      uploading.getOutputStream().write(new byte[200_000]);
      uploading.getOutputStream().flush();
      Await.until("a read is running and an upload is being spooled", CLEAN,
          () -> !backend.held.isEmpty() && !spoolFiles().isEmpty());

      daemon.stop().toCompletableFuture().get();
      backend.release(); // the read finishes after the daemon stopped
      Await.until("the read's file was written", CLEAN, () -> backend.filesServed.size() == 1);
      try {
        Await.until("no temporary file is left", CLEAN, () -> spoolFiles().isEmpty());
      } catch (AssertionError e) {
        assertThat(spoolFiles()).as("left in the spool directory").isEmpty();
      }
    }
  }

  @Test
  void shouldAnswerExpectContinueWith100OrAtOnceWithTheRefusal() throws Exception {
    byte[] blob = random(300_000, 26);
    try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
      socket.setSoTimeout((int) CLEAN.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + blob.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(25), StandardCharsets.US_ASCII))
          .as("the client waits for this before it sends the body").isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      out.write(blob);
      out.flush();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    }
    assertThat(backend.blobs.get(blobId(blob))).isEqualTo(blob);
    try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
      socket.setSoTimeout((int) CLEAN.toMillis());
      socket.getOutputStream().write(("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
          + (LIMIT + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .as("refused without asking for the body").isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void shouldTagBlobsWithTheirIdAndIgnoreARangeWhoseIfRangeDoesNotMatch() throws Exception {
    byte[] blob = random(1000, 27);
    BlobId id = store(blob);
    String etag = "\"" + id.toBase64() + "\"";
    HttpResponse<byte[]> whole = get("/v1/blobs/" + id.toBase64(), null);
    assertThat(whole.headers().firstValue("ETag")).as("blob IDs name immutable content").contains(etag);

    HttpResponse<byte[]> matching = send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id.toBase64()))
        .header("Range", "bytes=10-19").header("If-Range", etag).GET().build());
    assertThat(matching.statusCode()).isEqualTo(206);
    assertThat(matching.body()).isEqualTo(Arrays.copyOfRange(blob, 10, 20));
    assertThat(matching.headers().firstValue("ETag")).contains(etag);

    for (String other : List.of("\"another-version\"", "W/" + etag, "Sat, 21 Nov 2026 10:00:00 GMT")) {
      HttpResponse<byte[]> stale = send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id.toBase64()))
          .header("Range", "bytes=10-19").header("If-Range", other).GET().build());
      assertThat(stale.statusCode()).as("RFC 9110 §13.1.5: If-Range " + other + " does not match").isEqualTo(200);
      assertThat(stale.body()).isEqualTo(blob);
    }
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id.toBase64()))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(head.headers().firstValue("ETag")).contains(etag);
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void shouldSendALargeBlobFromATemporaryFileAndDeleteIt() throws Exception {
    byte[] blob = random(500_000, 6);
    BlobId id = store(blob);

    HttpResponse<byte[]> whole = get("/v1/blobs/" + id.toBase64(), null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Content-Length")).contains(Integer.toString(blob.length));
    assertThat(whole.body()).isEqualTo(blob);
    assertThat(backend.filesServed).hasSize(1);
    Await.until("the sent file is deleted", CLEAN, () -> spoolFiles().isEmpty());

    HttpResponse<byte[]> range = get("/v1/blobs/" + id.toBase64(), "bytes=1000-99999");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.headers().firstValue("Content-Range")).contains("bytes 1000-99999/" + blob.length);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(blob, 1000, 100_000));
    assertThat(backend.filesServed).as("a range above the threshold is sent from a file").hasSize(2);

    HttpResponse<byte[]> small = get("/v1/blobs/" + id.toBase64(), "bytes=10-19");
    assertThat(small.body()).isEqualTo(Arrays.copyOfRange(blob, 10, 20));
    assertThat(backend.rangeReads).as("a small range is read as a range").isEqualTo(1);

    HttpResponse<byte[]> manyLarge = get("/v1/blobs/" + id.toBase64(), "bytes=0-9999,20000-39999");
    assertThat(manyLarge.statusCode()).as("several ranges above the threshold: the whole blob").isEqualTo(200);
    assertThat(manyLarge.body()).isEqualTo(blob);

    HttpResponse<byte[]> byteRange = get("/v1/blobs/" + id.toBase64() + "/byte-range?start=400000&length=200000", null);
    assertThat(byteRange.statusCode()).isEqualTo(200);
    assertThat(byteRange.body()).isEqualTo(Arrays.copyOfRange(blob, 400_000, blob.length));
    assertThat(get("/v1/blobs/" + id.toBase64() + "/byte-range?start=600000&length=20000", null).statusCode())
        .isEqualTo(400);
    Await.until("every sent file is deleted", CLEAN, () -> spoolFiles().isEmpty());
  }

  @Test
  void shouldAnswerHeadWithTheSizeWithoutReadingTheBlob() throws Exception {
    byte[] blob = random(500_000, 7);
    BlobId id = store(blob);
    HttpResponse<Void> head = http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id.toBase64()))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(blob.length));
    assertThat(head.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(backend.filesServed).isEmpty();
    HttpResponse<Void> missing = http.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + BlobId.of(new byte[32]).toBase64()))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldDeleteTheTemporaryFileWhenTheClientLeftBeforeTheReadEnded() throws Exception {
    byte[] blob = random(500_000, 8);
    BlobId id = store(blob);
    backend.holdReads = true;
    try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
      socket.getOutputStream().write(("GET /v1/blobs/" + id.toBase64() + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Await.until("the read reached the backend", CLEAN, () -> !backend.held.isEmpty());
    }
    Thread.sleep(200); // let the server see the hang-up
    backend.release();
    Await.until("the read's file exists and is deleted", CLEAN,
        () -> backend.filesServed.size() == 1 && spoolFiles().isEmpty());
  }

  @Test
  void shouldDeleteTheTemporaryFileWhenTheClientHangsUpDuringTheDownload() throws Exception {
    byte[] blob = random((int) LIMIT, 9);
    BlobId id = store(blob);
    try (Socket socket = new Socket("127.0.0.1", daemon.port())) {
      socket.setReceiveBufferSize(4096);
      socket.getOutputStream().write(("GET /v1/blobs/" + id.toBase64() + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    }
    Await.until("the file is deleted after the hang-up", CLEAN,
        () -> backend.filesServed.size() == 1 && spoolFiles().isEmpty());
  }

  @Test
  void shouldMapReadFailuresAndLeaveNothingBehind() throws Exception {
    HttpResponse<byte[]> missing = get("/v1/blobs/" + BlobId.of(new byte[32]).toBase64(), null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(spoolFiles()).isEmpty();
  }

  private BlobId store(byte[] blob) throws Exception {
    HttpResponse<String> put = put(HttpRequest.BodyPublishers.ofByteArray(blob));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return BlobId.parse(idOf(put).toBase64());
  }

  private static BlobId idOf(HttpResponse<String> put) throws IOException {
    JsonNode object = DaemonJson.MAPPER.readTree(put.body()).path("newlyCreated").path("blobObject");
    return BlobId.parse(object.path("blobId").asText());
  }

  private HttpResponse<String> put(HttpRequest.BodyPublisher body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs")).PUT(body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> get(String path, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private List<Path> spoolFiles() {
    try (Stream<Path> files = Files.list(spoolDir)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BlobId blobId(byte[] blob) {
    return new RedStuffEncoder(new EncodingConfig(SHARDS)).computeMetadata(blob).blobId();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** Blobs in a map; reads above the limit decoded into a temporary file in the spool dir, as the SDK does. */
  private static final class FileBackend implements DaemonBackend {
    final Map<BlobId, byte[]> blobs = new ConcurrentHashMap<>();
    final List<Path> storedFrom = new CopyOnWriteArrayList<>();
    final List<Path> filesServed = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    volatile int storedInMemory;
    volatile int rangeReads;
    volatile boolean failStores;
    volatile boolean holdReads;

    void release() {
      holdReads = false;
      held.forEach(f -> f.complete(null));
    }

    @Override
    public CompletableFuture<StoreResult> store(byte[] data, StoreOptions options) {
      storedInMemory++;
      return CompletableFuture.completedFuture(created(data));
    }

    @Override
    public CompletableFuture<StoreResult> store(Path file, StoreOptions options) {
      storedFrom.add(file);
      return CompletableFuture.supplyAsync(() -> {
        if (failStores) {
          throw new dev.floe.client.InsufficientConfirmationsException(BlobId.of(new byte[32]), 1, 3, "test");
        }
        try (FileBlobSource source = FileBlobSource.open(file)) {
          assertThat(new RedStuffEncoder(new EncodingConfig(SHARDS)).computeMetadata(source).blobId()).isNotNull();
          return created(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }

    @Override
    public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir) {
      return read(blobId, inMemoryLimit, spoolDir, bytes -> {});
    }

    @Override
    public CompletableFuture<BlobBody> read(
        BlobId blobId, long inMemoryLimit, Path spoolDir, java.util.function.LongConsumer beforeSpooling) {
      CompletableFuture<Void> gate = new CompletableFuture<>();
      if (holdReads) {
        held.add(gate);
      } else {
        gate.complete(null);
      }
      return gate.thenCompose(v -> lookup(blobId)).thenApplyAsync(b -> {
        if (b.length <= inMemoryLimit) {
          return new BlobBody.InMemory(b);
        }
        beforeSpooling.accept(b.length);
        try {
          Path file = Files.createTempFile(spoolDir, "fake-get-", ".blob");
          Files.write(file, b);
          filesServed.add(file);
          return new BlobBody.InFile(file, b.length);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
      rangeReads++;
      return lookup(blobId).thenApply(b -> Arrays.copyOfRange(b, (int) start, (int) Math.min(b.length, start + length)));
    }

    @Override
    public CompletableFuture<Long> size(BlobId blobId) {
      return lookup(blobId).thenApply(b -> (long) b.length);
    }

    @Override
    public Map<String, Object> status() {
      return Map.of();
    }

    private CompletableFuture<byte[]> lookup(BlobId blobId) {
      byte[] b = blobs.get(blobId);
      return b == null
          ? CompletableFuture.failedFuture(
              new BlobNotAvailableException(blobId, BlobNotAvailableException.Reason.NOT_FOUND, "never stored"))
          : CompletableFuture.completedFuture(b);
    }

    private StoreResult created(byte[] data) {
      BlobId id = blobId(data);
      blobs.put(id, data);
      byte[] objectId = new byte[32];
      return new StoreResult.NewlyCreated(new BlobObject(ObjectId.of(objectId), id, Address.ZERO, data.length,
          EncodingType.RS2, 1, OptionalInt.of(1), 2, false, false, ObjectId.of(objectId), 100),
          new StoreResult.ResourceOperation(100, 1), 1);
    }
  }

  /** {@code stores} store slots, 4 read slots, the default whole-read bound. */
  private static FloeDaemon.Limits limits(int stores, SpoolOptions spool, Duration idle) {
    return new FloeDaemon.Limits(stores, 4, FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS, spool, idle);
  }
}
