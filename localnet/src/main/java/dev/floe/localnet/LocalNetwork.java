package dev.floe.localnet;

import dev.floe.client.ChainConnection;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.Keystores;
import java.io.IOException;
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

  private final LocalnetSettings config;
  private final LocalnetLayout layout;
  private final LocalnetProcesses processes;
  private final Consumer<String> log;
  private LocalnetState state;
  private ControlPlane admin;
  private ControlPlane funder;
  private AnvilRpc anvilRpc;
  private int anvilPort;

  LocalNetwork(LocalnetSettings config) {
    this.config = config;
    this.layout = config.layout;
    this.log = config.log;
    this.processes = new LocalnetProcesses(layout, config.launcher, config.nodeJvmArgs, config.daemonJvmArgs);
  }

  /** A builder with the defaults (4 nodes, 100 shards, the default directory, this JVM as launcher). */
  public static LocalnetSettings builder() {
    return new LocalnetSettings();
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
    List<LocalnetState.NodeEntry> entries = nodes.stream().map(LocalnetBootstrap.NodeSetup::entry).toList();
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

  /**
   * Adds a storage node to a running localnet, as an operator would: creates its operator and protocol
   * keys, registers it, stakes {@code stake} with it, writes its config and starts its process. It is
   * a candidate until the next epoch change, where committee selection may give it shards, which it
   * then pulls from their previous owners. Returns its entry.
   */
  public LocalnetState.NodeEntry addNode(TokenAmount stake) {
    // two add-nodes at once (two shells, or threads) would pick the same index, race on the funder's
    // nonces and each save a state without the other's node: one at a time, each on the latest state
    try (LocalnetLock lock = LocalnetLock.acquire(layout, log)) {
      state = LocalnetState.load(layout).orElse(state);
      return addNodeLocked(stake);
    }
  }

  private LocalnetState.NodeEntry addNodeLocked(TokenAmount stake) {
    if (!isChainRunning()) {
      throw new LocalnetException("the localnet's chain is not running; start it with 'floe localnet up'");
    }
    int index = state.nodes().stream().mapToInt(LocalnetState.NodeEntry::index).max().orElse(-1) + 1;
    // this JVM may not be the one that chose the existing ports, and a stopped node's port is free now
    FreePorts.reserve(state.ports());
    char[] password = Keystores.readPassword(Optional.of(layout.passwordFile()));
    LocalnetBootstrap bootstrap = new LocalnetBootstrap(layout, state.rpcUrl(), log);
    // the stake comes from the funder's own account, not the deployer's, which the epoch driver (a
    // foreground 'localnet up', an 'advance-epoch') may be using at this very moment
    LocalnetBootstrap.topUp(funder(), stake);
    LocalnetBootstrap.NodeSetup setup = bootstrap.registerNode(
        Deployment.load(layout.deploymentFile()), funder(), index, password, anvil(), stake);
    LocalnetState.NodeEntry entry = setup.entry();
    state = state.withNode(entry);
    state.save(layout);
    processes.startNode(index, entry.restUrl(), config.startTimeout);
    log.accept(entry.name() + " running; it can join the committee at the next epoch change");
    return entry;
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
      admin = EvmControlPlane.connect(EvmConfig.local(state.rpcUrl()), Deployment.load(layout.deploymentFile()),
          EvmAccount.devAccount(LocalnetSettings.DEPLOYER_DEV_KEY));
    }
    return admin;
  }

  /**
   * A control plane for the account that funds added nodes (anvil development key {@value
   * LocalnetSettings#FUNDER_DEV_KEY}), used by nothing else. Owned by this network.
   */
  ControlPlane funder() {
    if (funder == null) {
      funder = EvmControlPlane.connect(EvmConfig.local(state.rpcUrl()), Deployment.load(layout.deploymentFile()),
          EvmAccount.devAccount(LocalnetSettings.FUNDER_DEV_KEY));
    }
    return funder;
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
    if (funder != null) {
      funder.close();
      funder = null;
    }
    if (anvilRpc != null) {
      anvilRpc.close();
      anvilRpc = null;
    }
  }

  /**
   * Stops every process of the localnet in {@code layout} found through its PID files (indexer,
   * daemon, nodes, then anvil). Returns how many were stopped.
   */
  public static int down(LocalnetLayout layout) {
    return LocalnetProcesses.stopAll(layout);
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
}
