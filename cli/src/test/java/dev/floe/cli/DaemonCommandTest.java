package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.client.daemon.BlobBody;
import dev.floe.client.daemon.DaemonBackend;
import dev.floe.client.daemon.DaemonConfig;
import dev.floe.client.daemon.FloeDaemon;
import dev.floe.client.daemon.SpoolOptions;
import dev.floe.core.blob.BlobId;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe daemon}'s listen address: the README documents {@code --bind HOST:PORT} as the
 * alternative to the config's {@code bind} section, so the flag must win over the config file.
 */
class DaemonCommandTest {
  private static final DaemonConfig CONFIG = new DaemonConfig("d", new DaemonConfig.Bind("10.0.0.1", 8080),
      null, null, null, new DaemonConfig.Chain(null, Path.of("deployment.json")),
      new DaemonConfig.Wallet(null, null, 0), null);

  @TempDir Path dir;

  @Test
  void shouldTakeTheLimitsFromTheConfigOrTheDefaults() throws Exception {
    Path file = dir.resolve("daemon.yaml");
    Files.writeString(file, """
        max_concurrent_stores: 3
        max_concurrent_reads: 5
        max_concurrent_whole_reads: 1
        body_idle_timeout_millis: 1000
        spool: {dir: spool, threshold_bytes: 4096}
        chain: {deployment_file: deployment.json}
        wallet: {dev_key: 0}
        """);
    FloeDaemon.Limits limits = DaemonConfig.load(file).limits();
    assertThat(limits).isEqualTo(new FloeDaemon.Limits(3, 5, 1,
        new SpoolOptions(dir.resolve("spool").toAbsolutePath(), 4096), Duration.ofSeconds(1)));
    assertThat(CONFIG.limits()).isEqualTo(FloeDaemon.Limits.DEFAULTS);
    assertThat(FloeDaemon.Limits.DEFAULTS.maxConcurrentWholeReads())
        .isEqualTo(FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS);
    assertThat(FloeDaemon.Limits.DEFAULTS.bodyIdleTimeout()).isEqualTo(FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT);
  }

  @Test
  void shouldStartADaemonThatDropsAStalledUploadAfterTheConfiguredIdleTimeout() throws Exception {
    FloeDaemon.Limits limits =
        new FloeDaemon.Limits(1, 1, 1, new SpoolOptions(dir.resolve("spool"), 1024), Duration.ofSeconds(1));
    FloeDaemon daemon = new FloeDaemon("cli-test", "127.0.0.1", 0, 1 << 20, limits, new NoBlobs());
    int port = daemon.start().toCompletableFuture().get();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      long started = System.nanoTime();
      out.write("PUT /v1/blobs HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[10]);
      out.flush(); // ... and never sends the rest
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(took).as("the configured 1 s, not the default 30 s").isLessThan(Duration.ofSeconds(10));
    } finally {
      daemon.stop().toCompletableFuture().get();
    }
  }

  @Test
  void shouldReportAListenAddressInUseAsBadInputWithWhatToDo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      FloeDaemon.Limits limits =
          new FloeDaemon.Limits(1, 1, 1, new SpoolOptions(dir.resolve("spool"), 1024), Duration.ofSeconds(1));
      FloeDaemon daemon = new FloeDaemon("cli-test", "127.0.0.1", port, 1 << 20, limits, new NoBlobs());
      Throwable failure = null;
      try {
        daemon.start().toCompletableFuture().get();
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e;
      } finally {
        daemon.stop().toCompletableFuture().get();
      }
      assertThat(failure).as("a second listener on a taken port fails").isNotNull();
      assertThat(ClientErrors.isAddressInUse(failure)).isTrue();
      CliException cli = ClientErrors.listenFailure(failure, "127.0.0.1", port, "pass --bind HOST:PORT");
      assertThat(cli.exitCode()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
      assertThat(cli.getMessage()).isEqualTo("cannot listen on 127.0.0.1:" + port + ": the address is already in use"
          + " (another process listens there; stop it, or pass --bind HOST:PORT)");
    }
    assertThat(ClientErrors.isAddressInUse(new java.io.IOException("Connection refused"))).isFalse();
  }

  /** A backend that is never reached by the test's requests. */
  private static final class NoBlobs implements DaemonBackend {
    @Override
    public CompletableFuture<StoreResult> store(byte[] data, StoreOptions options) {
      return CompletableFuture.failedFuture(new IllegalStateException("no stores in this test"));
    }

    @Override
    public CompletableFuture<StoreResult> store(Path file, StoreOptions options) {
      return CompletableFuture.failedFuture(new IllegalStateException("no stores in this test"));
    }

    @Override
    public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir) {
      return CompletableFuture.failedFuture(new IllegalStateException("no reads in this test"));
    }

    @Override
    public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
      return CompletableFuture.failedFuture(new IllegalStateException("no reads in this test"));
    }

    @Override
    public CompletableFuture<Long> size(BlobId blobId) {
      return CompletableFuture.failedFuture(new IllegalStateException("no reads in this test"));
    }

    @Override
    public Map<String, Object> status() {
      return Map.of();
    }
  }

  @Test
  void shouldListenWhereTheConfigSaysWithoutBind() {
    assertThat(DaemonCommand.listenAddress(CONFIG, null)).containsExactly("10.0.0.1", "8080");
  }

  @Test
  void shouldLetBindOverrideTheConfig() {
    assertThat(DaemonCommand.listenAddress(CONFIG, "127.0.0.1:0")).containsExactly("127.0.0.1", "0");
  }

  @Test
  void shouldRejectAMalformedBindAsUsage() {
    assertThatThrownBy(() -> DaemonCommand.listenAddress(CONFIG, "127.0.0.1:99999"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--bind port")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(Floe.ExitCodes.USAGE));
  }
}
