package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.protocol.Routes;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code decodingSymbols} answers one symbol per target sliver from every sliver of the other axis
 * the node holds: targets x held slivers symbols, built in memory. Unbounded, one cheap GET for every
 * target of a large blob makes a node holding many shards build an answer of hundreds of megabytes
 * (n targets x owned shards x symbol size), several at once. The node must refuse an answer larger
 * than what a peer reads (the bound of {@link PeerClient#maxResponseBytes}) before building it, and
 * keep answering requests within it. Real node on loopback with RocksDB.
 */
class SymbolAnswerBoundsTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final long MAX_BLOB = 1_600_000;

  @TempDir Path dir;
  FakeCluster cluster;
  TestClient client;

  @BeforeEach
  void start() {
    cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(MAX_BLOB, 4L << 20, 60L, null, null, 4, 2, 3_000L, 16));
    cluster.start(0);
    client = new TestClient();
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void decodingSymbolAnswersLargerThanAPeerReadsAreRefusedBeforeTheyAreBuilt() {
    byte[] data = new byte[1_500_000];
    new Random(9).nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
    BlobId id = blob.blobId();
    cluster.chain().register(id, data.length, 3, false);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (cluster.node(0).store().blobInfo(id).isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    client.store(blob, cluster.committee(), List.of(), false);
    long bound = PeerClient.maxResponseBytes(CONFIG, MAX_BLOB);
    int symbolSize = CONFIG.symbolSize(data.length);

    // every target: 10 targets x 10 held secondary slivers x S bytes, over the bound
    String all = IntStream.range(0, N_SHARDS).mapToObj(Integer::toString).collect(Collectors.joining(","));
    assertThat((long) N_SHARDS * N_SHARDS * symbolSize).isGreaterThan(bound);
    Response big = client.get(cluster.url(0) + Routes.decodingSymbols(id) + "?targetSlivers=" + all
        + "&targetType=primary");
    assertThat(big.status()).as("an answer of %d bytes", big.body().length).isEqualTo(400);
    assertThat(big.reason()).isEqualTo("INVALID_PARAMETER");
    assertThat(big.text()).contains("fewer target slivers");

    // one target is within the bound and answered
    Response one = client.get(cluster.url(0) + Routes.decodingSymbols(id) + "?targetSlivers=3&targetType=primary");
    assertThat(one.status()).as(one.text()).isEqualTo(200);
    assertThat((long) one.body().length).isBetween((long) N_SHARDS * symbolSize, bound);
  }
}
