package dev.floe.client.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node transport against a misbehaving node on a real loopback socket: a node that sends its
 * headers and then stalls the body must not hold a request past its time limit, and a node that
 * sends a body far larger than the caller accepts must be cut off instead of being buffered.
 */
class NodeTransportLimitsTest {
  private static final BlobId BLOB = BlobId.of(new byte[32]);
  private final NodeTransport transport = new NodeTransport(Duration.ofSeconds(1), Duration.ofMillis(500));
  private RawServer server;

  @AfterEach
  void close() throws IOException {
    transport.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldTimeOutWhenANodeStallsAfterItsHeaders() throws Exception {
    server = new RawServer(out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[10]);
      out.flush();
      new CountDownLatch(1).await(); // never sends the rest
    });
    StorageNodeClient node = new StorageNodeClient("staller", "127.0.0.1:" + server.port(), transport);
    long start = System.nanoTime();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> node.getSliver(BLOB, 0, SliverType.PRIMARY))
            .isInstanceOf(NodeRequestException.class)
            .hasMessageContaining("timed out"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldDropTheBodyTimerOnceTheAnswerArrived() throws Exception {
    server = new RawServer(out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    });
    NodeTransport patient = new NodeTransport(Duration.ofSeconds(1), Duration.ofMinutes(10));
    try {
      StorageNodeClient node = new StorageNodeClient("quick", "127.0.0.1:" + server.port(), patient);
      long before = LimitedBody.pendingTimersLongerThan(Duration.ofMinutes(5)); // other tests' transports
      assertThatThrownBy(() -> node.getMetadata(BLOB)).isInstanceOf(NodeRequestException.class); // not BCS
      // no ten-minute timer keeps the answer's bytes reachable (the cancellation may trail the answer)
      Await.until("the answer's body timer is dropped", Duration.ofSeconds(5),
          () -> LimitedBody.pendingTimersLongerThan(Duration.ofMinutes(5)) <= before);
    } finally {
      patient.close();
    }
  }

  @Test
  void shouldCloseAtOnceWhileANodeStallsARequest() throws Exception {
    CountDownLatch headersSent = new CountDownLatch(1);
    server = new RawServer(out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      headersSent.countDown();
      new CountDownLatch(1).await();
    });
    NodeTransport patient = new NodeTransport(Duration.ofSeconds(1), Duration.ofSeconds(60));
    StorageNodeClient node = new StorageNodeClient("staller", "127.0.0.1:" + server.port(), patient);
    CountDownLatch requestEnded = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      try {
        node.getMetadata(BLOB);
      } catch (RuntimeException expected) {
        // aborted by the close
      } finally {
        requestEnded.countDown();
      }
    });
    headersSent.await();
    assertTimeoutPreemptively(Duration.ofSeconds(5), patient::close);
    assertThat(requestEnded.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shouldCutOffABodyLargerThanTheCallerAccepts() throws Exception {
    long huge = 256L << 20;
    server = new RawServer(out -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + huge + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 << 10];
      for (long sent = 0; sent < huge; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
    });
    StorageNodeClient node = new StorageNodeClient("flooder", "127.0.0.1:" + server.port(), transport);
    assertThatThrownBy(() -> node.getSliver(BLOB, 0, SliverType.PRIMARY, 4096))
        .isInstanceOf(NodeRequestException.class)
        .hasMessageContaining("larger than");
    // the transport stopped reading: the node could not push more than a few socket buffers
    assertThat(server.awaitWritten()).isLessThan(32L << 20);
  }

  @Test
  void shouldRefuseADeclaredContentLengthOverTheLimitWithoutReadingIt() throws Exception {
    server = new RawServer(out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[100_000]);
      out.flush();
    });
    StorageNodeClient node = new StorageNodeClient("big", "127.0.0.1:" + server.port(), transport);
    assertThatThrownBy(() -> node.getMetadata(BLOB, 1000))
        .isInstanceOf(NodeRequestException.class)
        .hasMessageContaining("larger than 1000 bytes");
  }

  /** Answers every connection with {@code answer} after reading the request head. */
  private static final class RawServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);

    RawServer(Answer answer) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(() -> {
        try (Socket s = socket.accept()) {
          readHead(s.getInputStream());
          OutputStream out = new CountingStream(s.getOutputStream(), written);
          answer.write(out);
        } catch (IOException | InterruptedException e) {
          // the client hung up, or the test ended
        } finally {
          finished.countDown();
        }
      });
    }

    int port() {
      return socket.getLocalPort();
    }

    long awaitWritten() throws InterruptedException {
      finished.await();
      return written.get();
    }

    private static void readHead(InputStream in) throws IOException {
      int matched = 0;
      byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @FunctionalInterface
  private interface Answer {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private final AtomicLong count;

    CountingStream(OutputStream out, AtomicLong count) {
      this.out = out;
      this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count.addAndGet(len);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
