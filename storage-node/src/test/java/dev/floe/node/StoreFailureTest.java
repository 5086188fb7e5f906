package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import dev.floe.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose store cannot be used (a full or failed disk; here: the RocksDB store closed under the
 * running node) answers every write 503 {@code STORAGE_UNAVAILABLE} with nothing acknowledged, and
 * logs the failure once with its stack trace, not once per request: at hundreds of requests a
 * second, a stack trace each would flood the log and, on a full disk, fill it further. Real node on
 * loopback; the node's log output is captured.
 */
class StoreFailureTest {
  private static final int N_SHARDS = 10;

  @TempDir Path dir;

  @Test
  void anUnusableStoreIsAnsweredAsTemporaryAndLoggedOnce() {
    try (FakeCluster cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, 4L << 20, 60L, null, null, 4, 2, 3_000L, 16));
        TestClient client = new TestClient()) {
      cluster.start(0);
      byte[] data = new byte[2000];
      new Random(23).nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(new EncodingConfig(N_SHARDS)).encode(data);
      BlobId id = blob.blobId();
      cluster.chain().register(id, data.length, 3, false);
      Await.until("the node sees the registration", Duration.ofSeconds(10),
          () -> cluster.node(0).store().blobInfo(id).isPresent());
      cluster.node(0).store().close();

      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        for (int i = 0; i < 20; i++) {
          Response r = client.putMetadata(cluster.url(0), blob, false);
          assertThat(r.status()).as(r.text()).isEqualTo(503);
          assertThat(r.reason()).isEqualTo("STORAGE_UNAVAILABLE");
          assertThat(r.header("retry-after")).isNotNull();
        }
      } finally {
        System.setErr(original);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      long errors = log.lines().filter(l -> l.contains("storage failure serving a request")
          && l.contains(" ERROR ")).count();
      assertThat(errors).as("ERROR lines for 20 failed requests:%n%s", log).isBetween(1L, 2L);
    }
  }
}
