package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.ChainException;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose chain RPC is unreachable cannot check uploads and confirmations of blobs it has no
 * events for. It must say so as a temporary condition (503 with {@code Retry-After}, a stable
 * reason, nothing stored or signed) rather than as an internal error, and serve again as soon as the
 * chain answers, without a restart. Real node on loopback with RocksDB; the in-memory chain's reads
 * fail while the RPC is "down".
 */
class ChainOutageTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;
  FakeCluster cluster;
  TestClient client;

  @BeforeEach
  void start() {
    cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, 4L << 20, 60L, null, null, 4, 2, 3_000L, 16));
    cluster.start(0);
    client = new TestClient();
  }

  @AfterEach
  void stop() {
    cluster.chain().onBlobStatus(null);
    client.close();
    cluster.close();
  }

  @Test
  void uploadsAndConfirmationsTheNodeCannotCheckAreRefusedAsTemporary() throws Exception {
    byte[] data = new byte[4000];
    new Random(5).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
    BlobId id = blob.blobId();
    cluster.chain().holdEvents(); // the node has not seen the registration: it must ask the chain
    cluster.chain().register(id, 4000, 3, false);
    cluster.chain().onBlobStatus(read -> {
      throw new ChainException("could not read the status of blob " + read + ": connection refused");
    });

    for (Response r : new Response[] {
        client.putMetadata(cluster.url(0), blob, false),
        client.putMetadata(cluster.url(0), blob, true),
        client.confirmation(cluster.url(0), id),
        client.get(cluster.url(0) + Routes.permanentConfirmation(id) + "?wait_for_registration=true&wait_millis=200")}) {
      assertThat(r.status()).as(r.text()).isEqualTo(503);
      assertThat(r.reason()).isEqualTo("NODE_NOT_READY");
      assertThat(r.header("retry-after")).isNotNull();
      assertThat(r.text()).doesNotContain("connection refused"); // no internal detail for clients
    }
    assertThat(cluster.node(0).store().hasMetadata(id)).isFalse();

    // the RPC is back: the same upload succeeds, no restart needed
    cluster.chain().onBlobStatus(null);
    Thread.sleep(300); // past the reuse time of chain answers
    Response again = client.putMetadata(cluster.url(0), blob, false);
    assertThat(again.status()).as(again.text()).isEqualTo(201);
  }
}
