package dev.floe.localnet;

import dev.floe.client.ChainConnection;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Floe network on this machine: anvil, the contracts, N storage nodes over S shards and the
 * publisher/aggregator daemon, each node and the daemon a separate OS process with its own config
 * file, data directory and log, all state in one directory ({@link LocalnetLayout}).
 *
 * <pre>{@code
 * try (LocalNetwork net = LocalNetwork.builder().dir(tmp).nodes(4).shards(10).build().start()) {
 *   net.stopNode(0);  ...  net.startNode(0);  net.advanceEpoch();
 * }
 * }</pre>
 *
 * {@link #start()} sets up a fresh network (deploy, fund, register and stake the nodes, reach epoch 1)
 * or restarts the processes of an existing one (the chain state is kept by anvil). {@link #close()}
 * stops every process; {@link #down(LocalnetLayout)} does the same from another process through the
 * PID files. Not thread-safe: drive one instance from one thread.
 */
public final class LocalNetwork implements AutoCloseable {
  /** Default number of storage nodes. */
  public static final int DEFAULT_NODES = 4;
  /** Default number of shards. */
  public static final int DEFAULT_SHARDS = 100;
  /** Default epoch duration. */
  public static final Duration DEFAULT_EPOCH = Duration.ofHours(1);
  /** The indexer's preferred port (another free one is taken when it is busy). */
  public static final int DEFAULT_INDEXER_PORT = 31416;
  /** Default daemon body limit on a localnet: 1 GiB. */
  public static final long DEFAULT_DAEMON_MAX_BODY = 1L << 30;

  private final Builder config;
  private final LocalnetLayout layout;
  private final LocalnetProcesses processes;
  private final Consumer<String> log;
  private LocalnetState state;
  private ControlPlane admin;
  private AnvilRpc anvilRpc;
  private int anvilPort;

  private LocalNetwork(Builder config) {
    this.config = config;
    this.layout = config.layout;
    this.log = config.log;
    this.processes = new LocalnetProcesses(layout, config.launcher, config.nodeJvmArgs, config.daemonJvmArgs);
  }

  /** A builder with the defaults (4 nodes, 100 shards, the default directory, this JVM as launcher). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The localnet already set up in {@code layout}, without starting anything (to stop or start
   * single nodes, move epochs, or read its state).
   */
  public static LocalNetwork attach(LocalnetLayout layout, Consumer<String> log) {
    LocalnetState state =
        LocalnetState.load(layout)
            .orElseThrow(() -> new LocalnetException(
                "no localnet in " + layout.dir() + "; start one with './floe localnet up'"));
    LocalNetwork net = builder().layout(layout).log(log).build();
    net.state = state;
    return net;
  }

  /** Whether anvil, every node, the daemon and the indexer are running. */
  public boolean isRunning() {
    if (state == null || processes.anvil().isEmpty() || !processes.isDaemonRunning()) {
      return false;
    }
    if (state.indexerUrl() != null && !processes.isIndexerRunning()) {
      return false;
    }
    return state.nodes().stream().allMatch(n -> processes.isNodeRunning(n.index()));
  }

  /** Whether the daemon process is running. */
  public boolean isDaemonRunning() {
    return processes.isDaemonRunning();
  }

  /** Whether anvil is running. */
  public boolean isChainRunning() {
    return processes.anvil().isPresent();
  }

  /**
   * Starts (or restarts) everything; returns this. If any step fails, every process started so far is
   * stopped before the failure is rethrown, so a failed start never leaves anvil or nodes behind.
   */
  public LocalNetwork start() {
    try {
      return startProcesses();
    } catch (RuntimeException | Error e) {
      try {
        down(layout);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private LocalNetwork startProcesses() {
    if (config.fresh) {
      down(layout);
      deleteRecursively(layout.dir());
    }
    Optional<LocalnetState> existing = LocalnetState.load(layout);
    if (existing.isPresent()) {
      state = existing.get();
      log.accept("restarting the localnet in " + layout.dir());
      if (processes.anvil().isEmpty()) {
        startAnvil(state.anvilPort());
      }
      startNodes();
      startDaemon();
      startIndexer();
      return this;
    }
    setUpFresh();
    return this;
  }

  private void setUpFresh() {
    if (config.nodes < 1 || config.shards < 4 || config.shards < config.nodes) {
      throw new LocalnetException(
          "need at least 1 node and 4 shards, and no more nodes than shards; got " + config.nodes + " nodes, "
              + config.shards + " shards");
    }
    log.accept("setting up a fresh localnet in " + layout.dir());
    int anvilPort = config.anvilPort == 0 ? FreePorts.pick() : FreePorts.preferring(config.anvilPort);
    startAnvil(anvilPort);
    String rpcUrl = AnvilProcess.rpcUrl(anvilPort);
    LocalnetBootstrap bootstrap = new LocalnetBootstrap(layout, rpcUrl, log);
    char[] password = bootstrap.createPassword();
    Deployment deployment = bootstrap.deploy(config.shards, config.epochDuration);
    LocalnetBootstrap.Wallets wallets = bootstrap.createWallets(deployment, password, anvil());
    List<LocalnetBootstrap.NodeSetup> nodes = bootstrap.registerNodes(deployment, config.nodes, password, anvil());
    int daemonPort = config.daemonPort == 0 ? FreePorts.pick() : FreePorts.preferring(config.daemonPort);
    LocalnetConfigs.writeDaemon(layout, daemonPort, config.daemonMaxBodyBytes, rpcUrl, wallets.daemonKeystore());
    int indexerPort = FreePorts.preferring(DEFAULT_INDEXER_PORT);
    LocalnetConfigs.writeIndexer(layout, indexerPort, rpcUrl);
    List<LocalnetState.NodeEntry> entries = new ArrayList<>();
    for (LocalnetBootstrap.NodeSetup n : nodes) {
      entries.add(new LocalnetState.NodeEntry(
          n.index(), LocalnetLayout.nodeName(n.index()), LocalnetConfigs.restUrl(n.restPort()), n.metricsPort(),
          n.operator().address().toHex()));
    }
    state = new LocalnetState(
        LocalnetState.FORMAT, rpcUrl, anvilPort, deployment.chainId(), config.shards,
        config.epochDuration.toSeconds(), entries, LocalnetConfigs.restUrl(daemonPort),
        layout.dir().relativize(wallets.clientKeystore()).toString(), wallets.client().address().toHex(),
        LocalnetState.Launcher.of(config.launcher), LocalnetConfigs.restUrl(indexerPort) + "/v1");
    state.save(layout);
    startNodes();
    if (epochDriver().state().epoch() == 0) {
      log.accept("moving to epoch 1 (the first committee)");
      epochDriver().advance(config.startTimeout);
    }
    startDaemon();
    startIndexer();
  }

  private void startAnvil(int port) {
    anvilPort = port;
    try {
      AnvilProcess.start(
          AnvilProcess.binary(LocalnetLayout.repositoryRoot()), port, layout.anvilState(), layout.anvilLog(),
          layout.anvilPid(), Duration.ofSeconds(30));
    } catch (IOException e) {
      throw new LocalnetException("cannot start anvil: " + e.getMessage(), e);
    }
    log.accept("anvil listening on " + AnvilProcess.rpcUrl(port));
  }

  private void startNodes() {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Void>> started = new ArrayList<>();
      for (LocalnetState.NodeEntry n : state.nodes()) {
        started.add(CompletableFuture.runAsync(() -> processes.startNode(n.index(), n.restUrl(), config.startTimeout), executor));
      }
      started.forEach(CompletableFuture::join);
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    log.accept(state.nodes().size() + " storage nodes running");
  }

  private void startDaemon() {
    processes.startDaemon(state.daemonUrl(), config.startTimeout);
    log.accept("publisher/aggregator listening on " + state.daemonUrl());
  }

  private void startIndexer() {
    if (state.indexerUrl() == null) {
      return; // a localnet set up before the indexer existed
    }
    processes.startIndexer(state.indexerUrl(), config.startTimeout);
    log.accept("indexer (chain views, query API, epoch keeper) listening on " + state.indexerUrl());
  }

  /** Whether the indexer process is running. */
  public boolean isIndexerRunning() {
    return processes.isIndexerRunning();
  }

  /** Stops node {@code index} (SIGTERM, then SIGKILL after a grace period). */
  public boolean stopNode(int index) {
    state.node(index);
    return processes.stopNode(index);
  }

  /** Starts node {@code index} again with its config and data, and waits until it answers. */
  public void startNode(int index) {
    processes.startNode(index, state.node(index).restUrl(), config.startTimeout);
  }

  /** Whether node {@code index}'s process is running. */
  public boolean isNodeRunning(int index) {
    return processes.isNodeRunning(index);
  }

  /** Moves the chain to the next epoch now (clock jump + transitions); returns the new epoch. */
  public int advanceEpoch() {
    return epochDriver().advance(config.startTimeout);
  }

  /** The epoch driver (for periodic {@link EpochDriver#tick()} while running in the foreground). */
  public EpochDriver epochDriver() {
    return new EpochDriver(admin(), anvil(), log);
  }

  /** A control plane for the deployer account (anvil development key 0). Owned by this network. */
  public ControlPlane admin() {
    if (admin == null) {
      admin = EvmControlPlane.connect(
          EvmConfig.local(state.rpcUrl()), Deployment.load(layout.deploymentFile()), EvmAccount.devAccount(0));
    }
    return admin;
  }

  private AnvilRpc anvil() {
    if (anvilRpc == null) {
      anvilRpc = new AnvilRpc(state != null ? state.rpcUrl() : AnvilProcess.rpcUrl(anvilPort));
    }
    return anvilRpc;
  }

  /** How the client wallet reaches the chain (what the CLI uses against this localnet). */
  public ChainConnection clientConnection() {
    return new ChainConnection(
        Optional.of(state.rpcUrl()), layout.deploymentFile(), Optional.of(layout.dir().resolve(state.clientWallet())),
        Optional.of(layout.passwordFile()), OptionalInt.empty());
  }

  public LocalnetLayout layout() {
    return layout;
  }

  public LocalnetState state() {
    return state;
  }

  public String rpcUrl() {
    return state.rpcUrl();
  }

  public String daemonUrl() {
    return state.daemonUrl();
  }

  /** Stops the daemon, the nodes and anvil (which saves the chain state). */
  @Override
  public void close() {
    detach();
    down(layout);
  }

  /** Releases this object's chain connections and leaves every process running. */
  public void detach() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
    if (anvilRpc != null) {
      anvilRpc.close();
      anvilRpc = null;
    }
  }

  /**
   * Stops every process of the localnet in {@code layout} found through its PID files (daemon, nodes,
   * then anvil). Returns how many were stopped.
   */
  public static int down(LocalnetLayout layout) {
    LocalnetProcesses processes = new LocalnetProcesses(layout, ProcessLauncher.ofCurrentJvm(), List.of(), List.of());
    int stopped = (processes.stopIndexer() ? 1 : 0) + (processes.stopDaemon() ? 1 : 0);
    List<Path> nodePids = nodePidFiles(layout);
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Boolean>> stops = new ArrayList<>();
      for (Path pid : nodePids) {
        stops.add(CompletableFuture.supplyAsync(
            () -> PidFile.stop(pid, layout.marker(), LocalnetProcesses.STOP_GRACE), executor));
      }
      for (CompletableFuture<Boolean> s : stops) {
        stopped += s.join() ? 1 : 0;
      }
    }
    stopped += PidFile.stop(layout.anvilPid(), layout.marker(), LocalnetProcesses.STOP_GRACE) ? 1 : 0;
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

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new LocalnetException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Settings of a {@link LocalNetwork}. */
  public static final class Builder {
    private LocalnetLayout layout = LocalnetLayout.resolve(null);
    private int nodes = DEFAULT_NODES;
    private int shards = DEFAULT_SHARDS;
    private Duration epochDuration = DEFAULT_EPOCH;
    private int anvilPort = 8545;
    private int daemonPort = 31415;
    private long daemonMaxBodyBytes = DEFAULT_DAEMON_MAX_BODY;
    private boolean fresh;
    private ProcessLauncher launcher = ProcessLauncher.ofCurrentJvm();
    private List<String> nodeJvmArgs = List.of("-Xmx1g");
    private List<String> daemonJvmArgs = List.of("-Xmx3g");
    private Duration startTimeout = Duration.ofSeconds(120);
    private Consumer<String> log = s -> {};

    private Builder() {}

    /** The localnet directory. */
    public Builder dir(Path dir) {
      this.layout = new LocalnetLayout(dir);
      return this;
    }

    /** The localnet directory, as a layout. */
    public Builder layout(LocalnetLayout value) {
      this.layout = value;
      return this;
    }

    public Builder nodes(int value) {
      this.nodes = value;
      return this;
    }

    public Builder shards(int value) {
      this.shards = value;
      return this;
    }

    public Builder epochDuration(Duration value) {
      this.epochDuration = value;
      return this;
    }

    /** Preferred anvil port (taken if free, else any); 0 = any free port. */
    public Builder anvilPort(int value) {
      this.anvilPort = value;
      return this;
    }

    /** Preferred daemon port (taken if free, else any); 0 = any free port. */
    public Builder daemonPort(int value) {
      this.daemonPort = value;
      return this;
    }

    public Builder daemonMaxBodyBytes(long value) {
      this.daemonMaxBodyBytes = value;
      return this;
    }

    /** Wipe the directory (stopping what runs from it) before starting. */
    public Builder fresh(boolean value) {
      this.fresh = value;
      return this;
    }

    public Builder launcher(ProcessLauncher value) {
      this.launcher = value;
      return this;
    }

    public Builder nodeJvmArgs(List<String> value) {
      this.nodeJvmArgs = List.copyOf(value);
      return this;
    }

    public Builder daemonJvmArgs(List<String> value) {
      this.daemonJvmArgs = List.copyOf(value);
      return this;
    }

    public Builder startTimeout(Duration value) {
      this.startTimeout = value;
      return this;
    }

    /** Where progress messages go (e.g. the console). */
    public Builder log(Consumer<String> value) {
      this.log = value;
      return this;
    }

    public LocalNetwork build() {
      return new LocalNetwork(this);
    }
  }
}
