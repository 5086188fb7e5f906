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
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirmation long-polls ({@code ?wait_for_registration=true}) cost a client nothing but an open
 * connection, for up to {@code max_confirmation_wait_millis}. If each held one of the node's
 * {@code max_in_flight_requests} slots, a handful of them for blob IDs nobody registers would make
 * the node answer 503 to every upload, read and recovery-symbol request meanwhile, and, repeated, fail
 * the node's storage challenges (its challengers get no answer) until it is slashed. Waiting
 * long-polls are bounded on their own instead; a long-poll beyond that bound is answered at once.
 * Real node on loopback with RocksDB.
 */
class ConfirmationLongPollTest {
  private static final int N_SHARDS = 10;
  private static final int MAX_IN_FLIGHT = 4;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;
  FakeCluster cluster;
  TestClient client;
  final ExecutorService callers = Executors.newFixedThreadPool(2 * MAX_IN_FLIGHT + 2);
  final Random random = new Random(21);

  @BeforeEach
  void start() {
    cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, 4L << 20, 60L, null, null, 4, 2, 10_000L, MAX_IN_FLIGHT));
    cluster.start(0);
    client = new TestClient();
  }

  @AfterEach
  void stop() throws InterruptedException {
    callers.shutdownNow();
    callers.awaitTermination(15, TimeUnit.SECONDS);
    client.close();
    cluster.close();
  }

  @Test
  void waitingLongPollsDoNotTakeTheSlotsOfOtherRequests() throws Exception {
    EncodedBlob blob = encode(3000);
    BlobId id = blob.blobId();
    cluster.chain().register(id, 3000, 3, false);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (cluster.node(0).store().blobInfo(id).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    // twice as many long-polls as slots, for blobs nobody registers
    List<BlobId> nevers = new ArrayList<>();
    for (int i = 0; i < 2 * MAX_IN_FLIGHT; i++) {
      nevers.add(encode(100 + i).blobId());
    }
    List<CompletableFuture<Response>> polls = new ArrayList<>();
    for (BlobId never : nevers) {
      polls.add(CompletableFuture.supplyAsync(() -> client.get(cluster.url(0) + Routes.permanentConfirmation(never)
          + "?wait_for_registration=true&wait_millis=5000"), callers));
    }
    Thread.sleep(500); // they have arrived and wait

    // meanwhile the node serves uploads, reads and status
    Response metadata = client.putMetadata(cluster.url(0), blob, false);
    assertThat(metadata.status()).as(metadata.text()).isEqualTo(201);
    int pair = 0;
    Response sliver = client.putSliver(cluster.url(0), id, pair, SliverType.PRIMARY,
        blob.pair(pair).primary().toBcs(), false);
    assertThat(sliver.status()).as(sliver.text()).isEqualTo(201);
    Response read = client.get(cluster.url(0) + Routes.sliver(id, pair, SliverType.PRIMARY));
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(polls).as("served while long-polls wait").anyMatch(p -> !p.isDone());

    // every long-poll ends: those within the bound after their wait, the others at once
    for (CompletableFuture<Response> p : polls) {
      Response r = p.get(15, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.text()).isBetween(400, 599);
    }
    assertThat(polls.stream().map(CompletableFuture::join).map(Response::reason))
        .contains("REGISTRATION_WAIT_TIMEOUT");
  }

  private EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    random.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }
}
