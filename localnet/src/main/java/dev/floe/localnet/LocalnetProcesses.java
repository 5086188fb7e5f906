package dev.floe.localnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Starts, finds and stops the localnet's node and daemon processes through their PID files, and
 * waits until a started process answers on its HTTP port. A process that exits during start-up fails
 * the start with the end of its log.
 */
final class LocalnetProcesses {
  static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final int LOG_TAIL_LINES = 25;

  private final LocalnetLayout layout;
  private final ProcessLauncher launcher;
  private final List<String> nodeJvmArgs;
  private final List<String> daemonJvmArgs;
  /** The indexer keeps no blob data: a small heap is plenty. */
  private static final List<String> INDEXER_JVM_ARGS = List.of("-Xmx256m");

  LocalnetProcesses(
      LocalnetLayout layout, ProcessLauncher launcher, List<String> nodeJvmArgs, List<String> daemonJvmArgs) {
    this.layout = layout;
    this.launcher = launcher;
    this.nodeJvmArgs = List.copyOf(nodeJvmArgs);
    this.daemonJvmArgs = List.copyOf(daemonJvmArgs);
  }

  /** Starts node {@code index} ({@code floe node run --config ...}) and waits for its health route. */
  void startNode(int index, String restUrl, Duration timeout) {
    if (isNodeRunning(index)) {
      return;
    }
    Process process = start(
        nodeJvmArgs,
        List.of("node", "run", "--config", layout.nodeConfig(index).toString()),
        layout.nodeDir(index), layout.nodeLog(index), layout.nodePid(index));
    awaitHttp(restUrl + "/v1/health", timeout, process, layout.nodeLog(index), LocalnetLayout.nodeName(index));
  }

  /** Starts the daemon ({@code floe daemon --config ...}) and waits for {@code /status}. */
  void startDaemon(String url, Duration timeout) {
    if (isDaemonRunning()) {
      return;
    }
    Process process = start(
        daemonJvmArgs,
        List.of("daemon", "--config", layout.daemonConfig().toString()),
        layout.daemonDir(), layout.daemonLog(), layout.daemonPid());
    awaitHttp(url + "/status", timeout, process, layout.daemonLog(), "daemon");
  }

  /** Starts the indexer ({@code floe indexer run --config ...}) and waits for its health route ({@code url} ends in {@code /v1}). */
  void startIndexer(String url, Duration timeout) {
    if (isIndexerRunning()) {
      return;
    }
    Process process = start(
        INDEXER_JVM_ARGS,
        List.of("indexer", "run", "--config", layout.indexerConfig().toString()),
        layout.indexerDir(), layout.indexerLog(), layout.indexerPid());
    awaitHttp(url + "/health", timeout, process, layout.indexerLog(), "indexer");
  }

  boolean isIndexerRunning() {
    return PidFile.live(layout.indexerPid(), layout.marker()).isPresent();
  }

  /** Stops the indexer; returns whether it was running. */
  boolean stopIndexer() {
    return PidFile.stop(layout.indexerPid(), layout.marker(), STOP_GRACE);
  }

  boolean isNodeRunning(int index) {
    return PidFile.live(layout.nodePid(index), layout.marker()).isPresent();
  }

  boolean isDaemonRunning() {
    return PidFile.live(layout.daemonPid(), layout.marker()).isPresent();
  }

  /** Stops node {@code index}; returns whether it was running. */
  boolean stopNode(int index) {
    return PidFile.stop(layout.nodePid(index), layout.marker(), STOP_GRACE);
  }

  /** Stops the daemon; returns whether it was running. */
  boolean stopDaemon() {
    return PidFile.stop(layout.daemonPid(), layout.marker(), STOP_GRACE);
  }

  private Process start(List<String> jvmArgs, List<String> args, Path workDir, Path log, Path pidFile) {
    try {
      return launcher.start(jvmArgs, args, workDir, log, pidFile, Map.of());
    } catch (IOException e) {
      throw new LocalnetException("cannot start " + String.join(" ", args) + ": " + e.getMessage(), e);
    }
  }

  /** Polls {@code url} until it answers 200; fails if the process exits or the time is up. */
  static void awaitHttp(String url, Duration timeout, Process process, Path log, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
      while (true) {
        if (process != null && !process.isAlive()) {
          throw new LocalnetException(what + " exited with code " + process.exitValue() + " during start-up; end of "
              + log + ":\n" + tail(log));
        }
        try {
          if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline) {
          throw new LocalnetException(what + " did not answer at " + url + " within " + timeout.toSeconds()
              + " s; end of " + log + ":\n" + tail(log));
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalnetException("interrupted while waiting for " + what, e);
    }
  }

  /** The last lines of a log file (for error messages). */
  static String tail(Path log) {
    try {
      if (!Files.isRegularFile(log)) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read log: " + e.getMessage() + ")";
    }
  }

  /**
   * Stops every process of the localnet in {@code layout} found through its PID files (indexer,
   * daemon, nodes in parallel, then anvil). Returns how many were stopped.
   */
  static int stopAll(LocalnetLayout layout) {
    LocalnetProcesses processes = new LocalnetProcesses(layout, ProcessLauncher.ofCurrentJvm(), List.of(), List.of());
    int stopped = (processes.stopIndexer() ? 1 : 0) + (processes.stopDaemon() ? 1 : 0);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Boolean>> stops = new ArrayList<>();
      for (Path pid : nodePidFiles(layout)) {
        stops.add(CompletableFuture.supplyAsync(() -> PidFile.stop(pid, layout.marker(), STOP_GRACE), executor));
      }
      for (CompletableFuture<Boolean> s : stops) {
        stopped += s.join() ? 1 : 0;
      }
    }
    stopped += PidFile.stop(layout.anvilPid(), layout.marker(), STOP_GRACE) ? 1 : 0;
    return stopped;
  }

  private static List<Path> nodePidFiles(LocalnetLayout layout) {
    Path nodes = layout.dir().resolve("nodes");
    if (!Files.isDirectory(nodes)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(nodes)) {
      return dirs.map(d -> d.resolve("node.pid")).filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + nodes, e);
    }
  }

  /** The live anvil process of this localnet, if any. */
  Optional<ProcessHandle> anvil() {
    return PidFile.live(layout.anvilPid(), layout.marker());
  }
}
