package dev.floe.node.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that answers a recovery request with an endless or oversized body (a faulty or malicious
 * committee member), over real HTTP on loopback: the recovering node must stop reading at its
 * response limit instead of buffering whatever the peer sends, which would exhaust its memory.
 */
class PeerClientLimitsTest {
  private static final long LIMIT = 1L << 20;
  private static final long HUGE = 256L << 20;
  private static final BlobId BLOB = BlobId.of(new byte[32]);

  private HttpServer server;
  private final AtomicLong sent = new AtomicLong();
  private String url;

  @BeforeEach
  void startPeer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/blobs/", exchange -> {
      String q = exchange.getRequestURI().getQuery();
      boolean declared = q != null && q.contains("id=0-0");
      boolean small = q != null && q.contains("id=1-1");
      try (exchange) {
        long length = small ? 1000 : HUGE;
        exchange.sendResponseHeaders(200, declared || small ? length : 0); // 0: chunked, no length
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[64 * 1024];
        for (long written = 0; written < length; written += chunk.length) {
          int n = (int) Math.min(chunk.length, length - written);
          out.write(chunk, 0, n);
          sent.addAndGet(n);
        }
      } catch (IOException e) {
        // the client hung up: what the test wants for oversized answers
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopPeer() {
    server.stop(0);
  }

  @Test
  void anOversizedAnswerWithoutLengthIsCutOffAtTheLimit() {
    try (PeerClient client = new PeerClient(Duration.ofSeconds(10), LIMIT)) {
      assertThatThrownBy(() -> client.recoverySymbols(url, BLOB, List.of("2-2"), SliverType.PRIMARY))
          .isInstanceOf(PeerClient.PeerException.class)
          .hasMessageContaining("more than " + LIMIT + " bytes");
      assertThat(client.bytesReceived()).as("bytes read from the peer").isLessThanOrEqualTo(LIMIT + 64 * 1024);
    }
    assertThat(sent.get()).as("the peer could not push the whole body").isLessThan(HUGE);
  }

  @Test
  void anOversizedDeclaredLengthIsRefusedBeforeReadingTheBody() {
    try (PeerClient client = new PeerClient(Duration.ofSeconds(10), LIMIT)) {
      assertThatThrownBy(() -> client.recoverySymbols(url, BLOB, List.of("0-0"), SliverType.PRIMARY))
          .isInstanceOf(PeerClient.PeerException.class)
          .hasMessageContaining("more than " + LIMIT + " bytes");
      assertThat(client.bytesReceived()).isLessThanOrEqualTo(LIMIT);
    }
  }

  @Test
  void answersWithinTheLimitAreReturnedWhole() throws Exception {
    try (PeerClient client = new PeerClient(Duration.ofSeconds(10), LIMIT)) {
      byte[] body = client.recoverySymbols(url, BLOB, List.of("1-1"), SliverType.PRIMARY);
      assertThat(body).hasSize(1000);
      assertThat(client.bytesReceived()).isEqualTo(1000);
    }
  }

  @Test
  void theLimitCoversTheLargestLegitimateAnswer() {
    EncodingConfig config = new EncodingConfig(1000);
    long maxBlob = 1L << 30;
    long limit = PeerClient.maxResponseBytes(config, maxBlob);
    int symbol = config.symbolSize(maxBlob);
    // every sliver of one axis held by one peer, each symbol with a full Merkle proof
    assertThat(limit).isGreaterThanOrEqualTo((long) config.nShards() * (symbol + 11L * 32));
    assertThat(limit).isLessThan(64L << 20);
  }
}
