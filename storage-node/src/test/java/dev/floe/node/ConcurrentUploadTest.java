package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.Routes;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent PUTs of one blob's slivers to a real node (HTTP on loopback, RocksDB with synced
 * writes): every sliver is stored exactly as sent, duplicates racing each other are answered as
 * stored or already stored, and the node then confirms the blob.
 */
class ConcurrentUploadTest {
  private static final int N_SHARDS = 10;

  @TempDir static Path dir;
  static FakeCluster cluster;
  static TestClient client;

  @BeforeAll
  static void start() {
    cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 24, null, null, null, null, 8, null, null, null));
    cluster.start(0);
    client = new TestClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void shouldStoreEverySliverOfABlobUploadedConcurrentlyAndTwice() throws Exception {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(new EncodingConfig(N_SHARDS)).encode(data);
    BlobId id = blob.blobId();
    cluster.chain().register(id, data.length, 5, false);
    String url = cluster.url(0);
    assertThat(client.putMetadata(url, blob, false).status()).isEqualTo(201);

    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int copy = 0; copy < 2; copy++) {
        for (int p = 0; p < N_SHARDS; p++) {
          for (SliverType t : SliverType.values()) {
            int pair = p;
            byte[] bcs = blob.pair(pair).sliver(t).toBcs();
            answers.add(pool.submit(() -> client.putSliver(url, id, pair, t, bcs, false).status()));
          }
        }
      }
      int stored = 0;
      for (Future<Integer> a : answers) {
        int status = a.get();
        assertThat(status).isIn(200, 201);
        stored += status == 201 ? 1 : 0;
      }
      // each sliver is stored at least once; a duplicate may also see 201 if it raced the first write
      assertThat(stored).isBetween(2 * N_SHARDS, 4 * N_SHARDS);
    } finally {
      pool.shutdownNow();
    }

    for (int p = 0; p < N_SHARDS; p++) {
      for (SliverType t : SliverType.values()) {
        TestClient.Response r = client.get(url + Routes.sliver(id, p, t));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(blob.pair(p).sliver(t).toBcs());
      }
    }
    assertThat(client.confirmation(url, id).status()).isEqualTo(200);
    // a later retry is idempotent
    assertThat(client.putSliver(url, id, 3, SliverType.PRIMARY, blob.pair(3).primary().toBcs(), false).status())
        .isEqualTo(200);
  }
}
