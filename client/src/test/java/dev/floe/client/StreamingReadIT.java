package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.client.daemon.FloeDaemon;
import dev.floe.client.daemon.SpoolOptions;
import dev.floe.client.testing.ChainCluster;
import dev.floe.client.testing.FaultyCluster;
import dev.floe.client.testing.FaultyNodeProxy.Fault;
import dev.floe.client.testing.InconsistentBlobs;
import dev.floe.controlplane.evm.EvmControlPlane;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading blobs into files and through the daemon's spool, on a real chain (anvil + contracts) with
 * real nodes (RocksDB, HTTP on loopback), three of four behind proxies that can stall or corrupt. 10
 * shards: f = 3, n-2f = 4 systematic rows. The file at the target path only ever appears complete and
 * checked; failed reads leave the target as it was and no temporary file behind.
 */
class StreamingReadIT {
  @TempDir static Path tmp;
  @TempDir Path out;
  private static final int PROXIED = 3;

  private static FaultyCluster net;
  private static ChainCluster cluster;
  private static EvmControlPlane owner;
  private static FloeClient client;
  private static byte[] blob;
  private static BlobId blobId;

  @BeforeAll
  static void start() throws Exception {
    net = FaultyCluster.start(tmp, PROXIED, Duration.ofSeconds(2), 400_000, 21);
    cluster = net.cluster();
    owner = net.owner();
    client = net.client();
    blob = net.blob();
    blobId = net.blobId();
  }

  @AfterAll
  static void stop() {
    if (net != null) {
      net.close();
    }
  }

  @AfterEach
  void heal() {
    net.heal();
  }

  @Test
  void shouldReadIntoAFileWithTheDefaultAndTheStrictCheck() throws Exception {
    Path target = out.resolve("sub/dir/blob.bin");
    List<String> phases = new CopyOnWriteArrayList<>();
    long length = client.readTo(blobId, target, ReadOptions.DEFAULT, (phase, done, total) -> phases.add(
        phase + " " + done + "/" + total)).get(1, TimeUnit.MINUTES);
    assertThat(length).isEqualTo(blob.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(blob);
    assertThat(phases).contains("FETCHING 4/4", "DECODING 1/1");

    Path strict = out.resolve("strict.bin");
    Files.writeString(strict, "an older file that the read replaces");
    assertThat(client.readTo(blobId, strict, ReadOptions.STRICT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
        .isEqualTo(blob.length);
    assertThat(Files.readAllBytes(strict)).isEqualTo(blob);
    assertThat(filesIn(out)).containsExactlyInAnyOrder(out.resolve("sub"), strict);
    assertThat(filesIn(target.getParent())).containsExactly(target);
  }

  @Test
  void shouldGiveTheTargetTheModeOfANewFileOrKeepTheOldOnesAndRefuseADirectoryUpFront() throws Exception {
    Path reference = Files.createFile(out.resolve("made-by-the-umask"));
    Path fresh = out.resolve("fresh.bin");
    List<Path> duringTheRead = new CopyOnWriteArrayList<>();
    client.readTo(blobId, fresh, ReadOptions.DEFAULT, (phase, done, total) -> duringTheRead.addAll(PartFiles.live()))
        .get(1, TimeUnit.MINUTES);
    assertThat(duringTheRead).as("the temporary file is deleted if the JVM stops meanwhile")
        .isNotEmpty().allMatch(p -> p.getParent().equals(out) && p.getFileName().toString().startsWith(".fresh.bin."));
    assertThat(PartFiles.live()).as("and forgotten once moved into place").doesNotContainAnyElementsOf(duringTheRead);
    assertThat(Files.getPosixFilePermissions(fresh)).as("as any new file, not a private temporary file's")
        .isEqualTo(Files.getPosixFilePermissions(reference));

    Path shared = out.resolve("shared.bin");
    Files.writeString(shared, "old");
    Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
    client.readTo(blobId, shared, ReadOptions.DEFAULT, ProgressListener.NONE).get(1, TimeUnit.MINUTES);
    assertThat(Files.readAllBytes(shared)).isEqualTo(blob);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
        .as("a replaced file keeps its mode").isEqualTo("rw-rw-r--");

    Path dir = Files.createDirectory(out.resolve("a-directory"));
    List<String> phases = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> client.readTo(blobId, dir, ReadOptions.DEFAULT, (ph, d, t) -> phases.add(ph + ""))
            .get(1, TimeUnit.MINUTES))
        .hasCauseInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("is a directory");
    assertThat(phases).as("refused before fetching anything").isEmpty();
    assertThat(filesIn(dir)).isEmpty();
    assertThat(filesIn(out)).containsExactlyInAnyOrder(reference, fresh, shared, dir);
  }

  @Test
  void shouldReadAroundACorruptingAndAStallingNodeIntoAFile() throws Exception {
    cluster.proxy(0).fault(Fault.CORRUPT_SLIVERS);
    cluster.proxy(1).fault(Fault.STALL_READS);
    Path target = out.resolve("around.bin");
    for (ReadOptions options : List.of(ReadOptions.DEFAULT, ReadOptions.STRICT)) {
      List<Path> spilled = new CopyOnWriteArrayList<>();
      ProgressListener watch = (phase, done, total) -> PartFiles.live().stream()
          .filter(p -> p.getFileName().toString().endsWith(".repair")).forEach(spilled::add);
      assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
          assertThat(client.readTo(blobId, target, options, watch).get()).isEqualTo(blob.length));
      assertThat(Files.readAllBytes(target)).as(options.toString()).isEqualTo(blob);
      assertThat(spilled).as("repair slivers were spilled next to the target, not held in memory")
          .isNotEmpty().allMatch(p -> p.getParent().equals(out));
    }
    assertThat(filesIn(out)).as("and the spill file is gone").containsExactly(target);
  }

  @Test
  void shouldLeaveTheTargetUntouchedAndNoPartialFileWhenTooManyNodesCorruptTheirSlivers() throws Exception {
    for (int i = 0; i < PROXIED; i++) {
      cluster.proxy(i).fault(Fault.CORRUPT_SLIVERS);
    }
    Path target = out.resolve("kept.bin");
    Files.writeString(target, "previous content");
    assertThatThrownBy(() -> client.readTo(blobId, target, ReadOptions.DEFAULT, ProgressListener.NONE)
            .get(1, TimeUnit.MINUTES))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(BlobNotAvailableException.class);
    assertThat(Files.readString(target)).isEqualTo("previous content");
    assertThat(filesIn(out)).containsExactly(target);
  }

  @Test
  void shouldCreateNoDirectoryForABlobThatCannotBeRead() throws Exception {
    Path target = out.resolve("new/dirs/blob.bin");
    assertThatThrownBy(() -> client.readTo(BlobId.of(new byte[32]), target, ReadOptions.DEFAULT, ProgressListener.NONE)
            .get(1, TimeUnit.MINUTES))
        .hasCauseInstanceOf(BlobNotAvailableException.class);
    assertThat(filesIn(out)).as("the target's folders are made once the blob is found").isEmpty();
  }

  @Test
  void shouldRefuseAnInconsistentBlobInStrictModeWithoutWritingTheTarget() throws Exception {
    BlobId bad = InconsistentBlobs.store(owner, FaultyCluster.randomBytes(50_000, 31), FaultyCluster.randomBytes(50_000, 32));
    Path target = out.resolve("inconsistent.bin");
    assertThatThrownBy(() -> client.readTo(bad, target, ReadOptions.STRICT, ProgressListener.NONE)
            .get(1, TimeUnit.MINUTES))
        .hasCauseInstanceOf(BlobInvalidException.class)
        .hasMessageContaining("re-encode to blob ID");
    assertThat(filesIn(out)).as("neither the target nor a temporary file").isEmpty();
    assertThatThrownBy(() -> client.read(bad, ReadOptions.STRICT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
        .as("the in-memory read agrees")
        .hasCauseInstanceOf(BlobInvalidException.class);
  }

  @Test
  void shouldStoreAndServeBlobsAboveTheSpoolThresholdThroughTheDaemonOnTheRealSdk() throws Exception {
    Path spool = out.resolve("spool");
    long limit = 1 << 20;
    FloeDaemon daemon = new FloeDaemon("stream-it", "127.0.0.1", 0, limit, new FloeDaemon.Limits(2, 2,
        FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS, new SpoolOptions(spool, 64 << 10),
        FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT), client);
    String base = "http://127.0.0.1:" + daemon.start().toCompletableFuture().get();
    try (HttpClient http = HttpClient.newHttpClient()) {
      byte[] data = FaultyCluster.randomBytes(300_000, 41);
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs?epochs=2"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      JsonNode object = DaemonJson.MAPPER.readTree(put.body()).path("newlyCreated").path("blobObject");
      String id = object.path("blobId").asText();
      assertThat(filesIn(spool)).isEmpty();

      HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(data);
      HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs/" + id))
          .header("Range", "bytes=1000-").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(range.body()).isEqualTo(Arrays.copyOfRange(data, 1000, data.length));

      HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/blobs"))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) limit + 1])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      Await.until("the spool directory is empty", Duration.ofSeconds(10), () -> filesIn(spool).isEmpty());
    } finally {
      daemon.stop().toCompletableFuture().get();
    }
  }

  private static List<Path> filesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
