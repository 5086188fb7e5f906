package dev.floe.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.protocol.Routes;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads that trickle their bodies cannot hold a node's request slots: past the body deadline
 * (grace + size / minimum rate) the node answers 408 {@code BODY_TIMEOUT}, closes the connection and
 * frees the slot, so well-behaved clients are served again. Real node, real HTTP on loopback, raw
 * sockets for the slow clients.
 */
class SlowBodyTest {
  private static final int N_SHARDS = 10;

  @TempDir Path dir;

  @Test
  void trickledBodiesAreCutOffAndTheirSlotsFreed() throws Exception {
    int slots = 3;
    StorageNodeConfig.Limits limits = new StorageNodeConfig.Limits(1L << 20, 1L << 20, 60L, null, null, 4, 2, 3_000L,
        slots, 2_000L, 1L << 20);
    try (FakeCluster cluster = new FakeCluster(dir, 1, N_SHARDS, limits); TestClient client = new TestClient()) {
      cluster.start(0, true);
      URI node = URI.create(cluster.url(0));
      byte[] data = new byte[5_000];
      new Random(3).nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(new EncodingConfig(N_SHARDS)).encode(data);
      BlobId id = blob.blobId();

      // every slot taken by a client that sends headers and 10 of 600 promised bytes (the metadata route
      // takes up to 66 n + 64), then stalls
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < slots; i++) {
        Socket s = new Socket(node.getHost(), node.getPort());
        OutputStream out = s.getOutputStream();
        out.write(("PUT " + Routes.PREFIX + "/blobs/" + id + "/metadata HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 600\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(s);
      }
      Await.until("the slow uploads hold every slot", Duration.ofSeconds(10),
          () -> client.get(cluster.url(0) + Routes.blobStatus(id)).status() == 503);

      // past the deadline (2 s + 600 B at 1 MiB/s): 408 BODY_TIMEOUT, connection closed
      for (Socket s : slow) {
        s.setSoTimeout(10_000);
        String answer = readAll(s.getInputStream());
        assertThat(answer).startsWith("HTTP/1.1 408").contains("BODY_TIMEOUT");
        s.close();
      }
      Await.until("the slots are free again", Duration.ofSeconds(10),
          () -> client.get(cluster.url(0) + Routes.blobStatus(id)).status() == 200);
      assertThat(cluster.node(0).store().hasMetadata(id)).isFalse();
    }
  }

  /** Everything until the node closes the connection. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    for (int n; (n = in.read(chunk)) >= 0; ) {
      buf.write(chunk, 0, n);
    }
    return buf.toString(StandardCharsets.US_ASCII);
  }
}
