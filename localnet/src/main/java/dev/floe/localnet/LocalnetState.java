package dev.floe.localnet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code localnet up} set up, saved as {@code localnet.json} in the localnet directory so that
 * later commands ({@code down}, {@code stop-node}, {@code start-node}, and every CLI command that
 * talks to "the running localnet") find it. Paths are relative to the localnet directory.
 *
 * @param format file format version ({@link #FORMAT})
 * @param rpcUrl the chain's JSON-RPC URL
 * @param anvilPort anvil's port
 * @param chainId the chain ID
 * @param nShards the number of shards
 * @param epochDurationSeconds the epoch duration
 * @param nodes the storage nodes
 * @param daemonUrl the publisher/aggregator URL
 * @param clientWallet keystore of the wallet the CLI and the daemon pay from (relative path)
 * @param clientAddress that wallet's address
 * @param launcher how node and daemon processes are started
 * @param indexerUrl the indexer's query API URL (null in a localnet set up before the indexer existed)
 */
public record LocalnetState(
    int format,
    String rpcUrl,
    int anvilPort,
    long chainId,
    int nShards,
    long epochDurationSeconds,
    List<NodeEntry> nodes,
    String daemonUrl,
    String clientWallet,
    String clientAddress,
    Launcher launcher,
    String indexerUrl) {
  /** Current format version. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public LocalnetState {
    nodes = List.copyOf(nodes);
  }

  /**
   * Every port this localnet's processes listen on, running or stopped (anvil, each node's REST and
   * metrics port, the daemon, the indexer).
   */
  public Set<Integer> ports() {
    Set<Integer> ports = new HashSet<>();
    ports.add(anvilPort);
    for (NodeEntry n : nodes) {
      portOf(n.restUrl()).ifPresent(ports::add);
      ports.add(n.metricsPort());
    }
    portOf(daemonUrl).ifPresent(ports::add);
    portOf(indexerUrl).ifPresent(ports::add);
    return Set.copyOf(ports);
  }

  private static Optional<Integer> portOf(String url) {
    if (url == null) {
      return Optional.empty();
    }
    int port = URI.create(url).getPort();
    return port > 0 ? Optional.of(port) : Optional.empty();
  }

  /**
   * One storage node.
   *
   * @param index its number (0-based)
   * @param name its name ({@code node-I})
   * @param restUrl its REST API URL
   * @param metricsPort its Prometheus port
   * @param operator its operator address (node ID)
   */
  public record NodeEntry(int index, String name, String restUrl, int metricsPort, String operator) {}

  /**
   * The command prefix of child processes.
   *
   * @param java the java executable
   * @param jvmArgs JVM options
   * @param classPath class path
   * @param mainClass the {@code floe} main class
   */
  public record Launcher(String java, List<String> jvmArgs, String classPath, String mainClass) {
    public static Launcher of(ProcessLauncher launcher) {
      return new Launcher(launcher.javaCommand(), launcher.jvmArgs(), launcher.classPath(), launcher.mainClass());
    }

    public ProcessLauncher toProcessLauncher() {
      return new ProcessLauncher(java, jvmArgs, classPath, mainClass);
    }
  }

  /** This state with one more node. */
  public LocalnetState withNode(NodeEntry node) {
    List<NodeEntry> all = new java.util.ArrayList<>(nodes);
    all.add(node);
    return new LocalnetState(format, rpcUrl, anvilPort, chainId, nShards, epochDurationSeconds, all, daemonUrl,
        clientWallet, clientAddress, launcher, indexerUrl);
  }

  /** The node with {@code index}. */
  public NodeEntry node(int index) {
    return nodes.stream()
        .filter(n -> n.index() == index)
        .findFirst()
        .orElseThrow(() -> new LocalnetException(
            "this localnet has nodes " + nodes.stream().map(n -> String.valueOf(n.index())).toList() + ", not " + index));
  }

  /** Saves to the layout's state file atomically. */
  public void save(LocalnetLayout layout) {
    try {
      Files.createDirectories(layout.dir());
      Path tmp = layout.stateFile().resolveSibling("localnet.json.tmp");
      Files.writeString(tmp, JSON.writeValueAsString(this));
      Files.move(tmp, layout.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new LocalnetException("cannot write " + layout.stateFile() + ": " + e.getMessage(), e);
    }
  }

  /** The state saved in {@code layout}, if there is one. */
  public static Optional<LocalnetState> load(LocalnetLayout layout) {
    Path file = layout.stateFile();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      LocalnetState state = JSON.readValue(file.toFile(), LocalnetState.class);
      if (state.format() != FORMAT) {
        throw new LocalnetException(file + " has format " + state.format() + ", expected " + FORMAT
            + "; run 'floe localnet up --fresh'");
      }
      return Optional.of(state);
    } catch (IOException e) {
      throw new LocalnetException("cannot read " + file + ": " + e.getMessage() + "; run 'floe localnet up --fresh'", e);
    }
  }
}
