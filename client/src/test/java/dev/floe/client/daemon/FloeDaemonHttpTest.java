package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.client.BlobInvalidException;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon's HTTP layer on a real loopback server: request parsing, response shapes, ranges,
 * limits and error mapping. The SDK behind it is replaced by an in-memory backend here; the
 * end-to-end tests in {@code localnet} run the daemon on the real SDK and nodes.
 */
class FloeDaemonHttpTest {
  private static final long LIMIT = 4096;
  private static final InMemoryBackend BACKEND = new InMemoryBackend();
  private static FloeDaemon daemon;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    daemon = new FloeDaemon("daemon-test", "127.0.0.1", 0, LIMIT, BACKEND);
    int port = daemon.start().toCompletableFuture().get();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.stop().toCompletableFuture().get();
    HTTP.close();
  }

  @Test
  void shouldStoreAndAnswerInTheUpstreamNewlyCreatedShape() throws Exception {
    byte[] blob = "hello floe".getBytes();
    HttpResponse<String> put = put("/v1/blobs?epochs=3&deletable=true", blob);
    assertThat(put.statusCode()).isEqualTo(200);
    JsonNode created = DaemonJson.MAPPER.readTree(put.body()).path("newlyCreated");
    JsonNode object = created.path("blobObject");
    BlobId expected = new RedStuffEncoder(new EncodingConfig(4)).computeMetadata(blob).blobId();
    assertThat(object.path("blobId").asText()).isEqualTo(expected.toBase64());
    assertThat(object.path("size").asLong()).isEqualTo(blob.length);
    assertThat(object.path("deletable").asBoolean()).isTrue();
    assertThat(object.path("encodingType").asText()).isEqualTo("RS2");
    assertThat(object.path("storage").path("endEpoch").asInt()).isEqualTo(1 + 3);
    assertThat(created.path("resourceOperation").path("registerFromScratch").path("epochsAhead").asInt()).isEqualTo(3);
    assertThat(created.path("cost").isIntegralNumber()).isTrue();
    assertThat(BACKEND.lastOptions).isEqualTo(new StoreOptions(3, true, false));
  }

  @Test
  void shouldRefuseABodyOverTheLimitWith413AndAClearMessage() throws Exception {
    HttpResponse<String> put = put("/v1/blobs", new byte[(int) LIMIT + 1]);
    assertThat(put.statusCode()).isEqualTo(413);
    JsonNode error = DaemonJson.MAPPER.readTree(put.body()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(413);
    assertThat(error.path("details").get(0).path("reason").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(error.path("message").asText()).contains(Long.toString(LIMIT));
  }

  @Test
  void shouldRefuseUpFrontABlobLargerThanTheNetworkCanHold() throws Exception {
    BACKEND.maxBlob = 1000;
    try {
      HttpResponse<String> put = put("/v1/blobs", new byte[2000]);
      assertThat(put.statusCode()).isEqualTo(413);
      assertThat(DaemonJson.MAPPER.readTree(put.body()).path("error").path("message").asText())
          .contains("largest blob this network's shards can hold: 1000 bytes");
      assertThat(put("/v1/blobs", new byte[1000]).statusCode()).as("the largest one is stored").isEqualTo(200);
    } finally {
      BACKEND.maxBlob = Long.MAX_VALUE;
    }
  }

  @Test
  void shouldAcceptABodyOfExactlyTheLimit() throws Exception {
    assertThat(put("/v1/blobs", new byte[(int) LIMIT]).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRejectBadQueryParameters() throws Exception {
    HttpResponse<String> put = put("/v1/blobs?epochs=zero", new byte[1]);
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("epochs");
    assertThat(put("/v1/blobs?epochs=0", new byte[1]).statusCode()).isEqualTo(400);
    assertThat(put("/v1/blobs?deletable=true&permanent=true", new byte[1]).statusCode()).isEqualTo(400);
  }

  @Test
  void shouldServeWholeBlobsRangesAndByteRanges() throws Exception {
    byte[] blob = new byte[300];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }
    String id = storedId(blob);
    HttpResponse<byte[]> whole = get("/v1/blobs/" + id, null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(blob);

    HttpResponse<byte[]> ranged = get("/v1/blobs/" + id, "bytes=10-19");
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.headers().firstValue("Content-Range")).contains("bytes 10-19/300");
    assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(blob, 10, 20));

    HttpResponse<byte[]> suffix = get("/v1/blobs/" + id, "bytes=-5");
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(blob, 295, 300));

    assertThat(get("/v1/blobs/" + id, "bytes=300-").statusCode()).isEqualTo(416);
    assertThat(get("/v1/blobs/" + id, "bytes=1-2;4-5").statusCode()).isEqualTo(400);
    HttpResponse<byte[]> otherUnit = get("/v1/blobs/" + id, "items=0-1");
    assertThat(otherUnit.statusCode()).as("a Range of an unknown unit is ignored").isEqualTo(200);
    assertThat(otherUnit.body()).isEqualTo(blob);
    HttpResponse<byte[]> hugeEnd = get("/v1/blobs/" + id, "bytes=290-99999999999999999999999");
    assertThat(hugeEnd.statusCode()).isEqualTo(206);
    assertThat(hugeEnd.headers().firstValue("Content-Range")).contains("bytes 290-299/300");
    assertThat(hugeEnd.body()).isEqualTo(Arrays.copyOfRange(blob, 290, 300));

    HttpResponse<byte[]> partial = get("/v1/blobs/" + id + "/byte-range?start=100&length=7", null);
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(blob, 100, 107));
    assertThat(get("/v1/blobs/" + id + "/byte-range?start=-1&length=7", null).statusCode()).isEqualTo(400);
    assertThat(get("/v1/blobs/" + id + "/byte-range?start=1", null).statusCode()).isEqualTo(400);
  }

  @Test
  void shouldServeSeveralRangesAsMultipartByteranges() throws Exception {
    byte[] blob = new byte[1000];
    new java.util.SplittableRandom(5).nextBytes(blob);
    String id = storedId(blob);

    HttpResponse<byte[]> multi = get("/v1/blobs/" + id, "bytes=900-909, 5-14,10-19,-3");
    assertThat(multi.statusCode()).isEqualTo(206);
    assertThat(multi.headers().firstValue("Content-Range")).isEmpty();
    String contentType = multi.headers().firstValue("Content-Type").orElseThrow();
    List<MultipartBody.Part> parts = MultipartBody.parse(multi.body(), MultipartBody.boundaryOf(contentType));
    assertThat(parts).as("5-14 and 10-19 coalesce; parts in header order").hasSize(3);
    assertPart(parts.get(0), blob, 900, 909);
    assertPart(parts.get(1), blob, 5, 19);
    assertPart(parts.get(2), blob, 997, 999);

    HttpResponse<byte[]> oneLeft = get("/v1/blobs/" + id, "bytes=5000-6000,7-8");
    assertThat(oneLeft.statusCode()).isEqualTo(206);
    assertThat(oneLeft.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(oneLeft.headers().firstValue("Content-Range")).contains("bytes 7-8/1000");
    assertThat(oneLeft.body()).isEqualTo(Arrays.copyOfRange(blob, 7, 9));

    HttpResponse<byte[]> none = get("/v1/blobs/" + id, "bytes=1000-,2000-3000");
    assertThat(none.statusCode()).isEqualTo(416);
    assertThat(none.headers().firstValue("Content-Range")).contains("bytes */1000");

    StringBuilder tooMany = new StringBuilder("bytes=0-0");
    for (int i = 1; i <= ByteRange.MAX_RANGES; i++) {
      tooMany.append(',').append(10 * i).append('-').append(10 * i);
    }
    HttpResponse<byte[]> refused = get("/v1/blobs/" + id, tooMany.toString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new String(refused.body())).contains("INVALID_RANGE").contains("at most 16 ranges");
  }

  private static void assertPart(MultipartBody.Part part, byte[] blob, int first, int last) {
    assertThat(part.headers()).containsEntry("content-type", "application/octet-stream")
        .containsEntry("content-range", "bytes " + first + "-" + last + "/" + blob.length);
    assertThat(part.data()).isEqualTo(Arrays.copyOfRange(blob, first, last + 1));
  }

  @Test
  void shouldMapUnknownInvalidAndMalformedBlobIdsToDistinctErrors() throws Exception {
    String unknown = BlobId.of(new byte[32]).toBase64();
    HttpResponse<byte[]> missing = get("/v1/blobs/" + unknown, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body())).contains("BLOB_NOT_FOUND");

    byte[] bad = new byte[32];
    bad[0] = 1;
    BACKEND.invalid.add(BlobId.of(bad));
    HttpResponse<byte[]> invalid = get("/v1/blobs/" + BlobId.of(bad).toBase64(), null);
    assertThat(invalid.statusCode()).isEqualTo(410);
    assertThat(new String(invalid.body())).contains("BLOB_INVALID");

    assertThat(get("/v1/blobs/not-a-blob-id", null).statusCode()).isEqualTo(400);
    assertThat(get("/v1/nothing-here", null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldReportStatus() throws Exception {
    HttpResponse<byte[]> status = get("/status", null);
    assertThat(status.statusCode()).isEqualTo(200);
    JsonNode body = DaemonJson.MAPPER.readTree(status.body());
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("epoch").asInt()).isEqualTo(1);
    assertThat(body.path("maxBodyBytes").asLong()).isEqualTo(LIMIT);
  }

  private static String storedId(byte[] blob) throws Exception {
    HttpResponse<String> put = put("/v1/blobs", blob);
    assertThat(put.statusCode()).isEqualTo(200);
    return DaemonJson.MAPPER.readTree(put.body()).path("newlyCreated").path("blobObject").path("blobId").asText();
  }

  private static HttpResponse<String> put(String path, byte[] body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> get(String path, String range) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (range != null) {
      b.header("Range", range);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Blobs in a map; blob IDs computed by the real encoder for 4 shards. */
  private static final class InMemoryBackend implements DaemonBackend {
    final Map<BlobId, byte[]> blobs = new ConcurrentHashMap<>();
    final java.util.Set<BlobId> invalid = ConcurrentHashMap.newKeySet();
    volatile StoreOptions lastOptions;
    volatile long maxBlob = Long.MAX_VALUE;

    @Override
    public long maxBlobSize() {
      return maxBlob;
    }

    @Override
    public CompletableFuture<StoreResult> store(byte[] data, StoreOptions options) {
      lastOptions = options;
      BlobId id = new RedStuffEncoder(new EncodingConfig(4)).computeMetadata(data).blobId();
      blobs.put(id, data.clone());
      byte[] objectId = new byte[32];
      objectId[31] = (byte) blobs.size();
      BlobObject object = new BlobObject(
          ObjectId.of(objectId), id, Address.ZERO, data.length, EncodingType.RS2, 1, OptionalInt.of(1),
          1 + options.epochs(), options.deletable(), false, ObjectId.of(objectId), 1000);
      return CompletableFuture.completedFuture(
          new StoreResult.NewlyCreated(object, new StoreResult.ResourceOperation(1000, options.epochs()), 42));
    }

    @Override
    public CompletableFuture<StoreResult> store(Path file, StoreOptions options) {
      try {
        return store(Files.readAllBytes(file), options);
      } catch (java.io.IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir) {
      return lookup(blobId).thenApply(BlobBody.InMemory::new);
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
      return lookup(blobId).thenApply(b -> Arrays.copyOfRange(b, (int) Math.min(start, b.length),
          (int) Math.min(b.length, start + length)));
    }

    @Override
    public CompletableFuture<Long> size(BlobId blobId) {
      return lookup(blobId).thenApply(b -> (long) b.length);
    }

    @Override
    public Map<String, Object> status() {
      return Map.of("epoch", 1, "nShards", 4);
    }

    private CompletableFuture<byte[]> lookup(BlobId blobId) {
      if (invalid.contains(blobId)) {
        return CompletableFuture.failedFuture(new BlobInvalidException(blobId, "invalidated on-chain"));
      }
      byte[] b = blobs.get(blobId);
      return b == null
          ? CompletableFuture.failedFuture(
              new BlobNotAvailableException(blobId, BlobNotAvailableException.Reason.NOT_FOUND, "never stored"))
          : CompletableFuture.completedFuture(b);
    }
  }
}
