package dev.floe.localnet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The localnet's chain: the pinned {@code anvil} binary from {@code node_modules}, started as its own
 * process on a loopback port with its state persisted in the localnet directory (so {@code localnet
 * up} after {@code down} continues the same chain). Not the test fixture: this one outlives the JVM
 * that started it when the localnet is detached.
 */
public final class AnvilProcess {
  /** Where the build installs the anvil binary, relative to the repository root. */
  public static final String RELATIVE_BINARY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

  /**
   * Seconds between the empty blocks anvil mines when no transaction comes (transactions are still
   * mined at once): the chain's clock, which the localnet moves ahead of the wall clock, keeps moving
   * with at most this lag.
   */
  public static final int BLOCK_TIME_SECONDS = 10;

  private AnvilProcess() {}

  /** The anvil binary under {@code repositoryRoot}; fails with a clear message if it is missing. */
  public static Path binary(Path repositoryRoot) {
    Path bin = repositoryRoot.resolve(RELATIVE_BINARY);
    if (!Files.isExecutable(bin)) {
      throw new LocalnetException(
          "anvil is not installed at " + bin + "; run 'bash tools/npm-ensure.sh' (the Maven build does it)");
    }
    return bin;
  }

  /**
   * Starts anvil on {@code port} with state file {@code stateFile}, log {@code log} and PID file
   * {@code pidFile}, and waits until it answers {@code eth_chainId}.
   */
  public static Process start(Path binary, int port, Path stateFile, Path log, Path pidFile, Duration timeout)
      throws IOException {
    Files.createDirectories(stateFile.toAbsolutePath().getParent());
    List<String> cmd = new ArrayList<>(ProcessLauncher.ownSession());
    cmd.add(binary.toString());
    cmd.add("--host");
    cmd.add("127.0.0.1");
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--state");
    cmd.add(stateFile.toAbsolutePath().toString());
    cmd.add("--state-interval");
    cmd.add("10");
    cmd.add("--gas-limit");
    cmd.add("100000000");
    cmd.add("--code-size-limit");
    cmd.add("1000000");
    // Mine every transaction at once and, in between, an empty block every BLOCK_TIME_SECONDS: the
    // localnet moves anvil's clock ahead of the wall clock (to reach epoch 1, and on advance-epoch),
    // and an idle chain's latest block time is what the epoch keepers read as "now"; without these
    // blocks the chain's clock would stand still until the wall clock caught up, and every epoch
    // would last longer than its duration by the time skipped.
    cmd.add("--block-time");
    cmd.add(Integer.toString(BLOCK_TIME_SECONDS));
    cmd.add("--mixed-mining");
    cmd.add("--silent");
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    PidFile.write(pidFile, process.toHandle());
    awaitRpc(rpcUrl(port), timeout, process);
    return process;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public static String rpcUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** Polls {@code eth_chainId} until it answers; fails if the process dies or the time is up. */
  public static void awaitRpc(String rpcUrl, Duration timeout, Process process) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(rpcUrl))
              .timeout(Duration.ofSeconds(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
              .build();
      while (true) {
        if (process != null && !process.isAlive()) {
          throw new LocalnetException("anvil exited with code " + process.exitValue() + " during start-up");
        }
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200 && response.body().contains("\"result\"")) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new LocalnetException("anvil did not answer at " + rpcUrl + " within " + timeout);
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalnetException("interrupted while waiting for anvil", e);
    }
  }
}
