package dev.floe.localnet;

import java.nio.file.Path;

/**
 * Where everything of one localnet lives, inside a single directory (default {@code .floe-localnet/}
 * at the repository root; {@code localnet up --fresh} wipes it):
 *
 * <pre>
 * localnet.json            the state: endpoints, wallets, how to launch processes
 * deployment.json          the contract deployment (what every component reads)
 * password.txt             the password of every keystore below (local use only)
 * anvil/                   state.json (chain state), anvil.log, anvil.pid
 * wallets/                 the client wallet keystore used by the CLI and the daemon
 * nodes/node-I/            node.yaml, data/ (RocksDB), keys/, node.log, node.pid
 * daemon/                  daemon.yaml, daemon.log, daemon.pid
 * indexer/                 indexer.yaml, indexer.db (SQLite), indexer.log, indexer.pid
 * </pre>
 *
 * @param dir the localnet directory (absolute)
 */
public record LocalnetLayout(Path dir) {
  /** Environment variable naming the localnet directory. */
  public static final String ENV_DIR = "FLOE_LOCALNET_DIR";
  /** Name of the default directory under the repository root. */
  public static final String DEFAULT_DIR_NAME = ".floe-localnet";

  public LocalnetLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  /**
   * The directory to use: {@code explicit} if given, else {@code $FLOE_LOCALNET_DIR}, else {@code
   * .floe-localnet} under the repository root ({@code floe.root} / {@code FLOE_ROOT}), else under the
   * working directory.
   */
  public static LocalnetLayout resolve(Path explicit) {
    if (explicit != null) {
      return new LocalnetLayout(explicit);
    }
    String env = System.getenv(ENV_DIR);
    if (env != null && !env.isBlank()) {
      return new LocalnetLayout(Path.of(env));
    }
    return new LocalnetLayout(repositoryRoot().resolve(DEFAULT_DIR_NAME));
  }

  /** The repository root: {@code floe.root}, {@code FLOE_ROOT}, or the working directory. */
  public static Path repositoryRoot() {
    String root = System.getProperty("floe.root");
    if (root == null || root.isBlank()) {
      root = System.getenv("FLOE_ROOT");
    }
    return Path.of(root == null || root.isBlank() ? "." : root).toAbsolutePath().normalize();
  }

  /** A string in the command line of every process of this localnet (used to recognise them). */
  public String marker() {
    return dir.toString();
  }

  public Path stateFile() {
    return dir.resolve("localnet.json");
  }

  public Path deploymentFile() {
    return dir.resolve("deployment.json");
  }

  public Path passwordFile() {
    return dir.resolve("password.txt");
  }

  /** Locked while a command changes the localnet's membership ({@link LocalnetLock}). */
  public Path lockFile() {
    return dir.resolve("localnet.lock");
  }

  public Path anvilDir() {
    return dir.resolve("anvil");
  }

  public Path anvilState() {
    return anvilDir().resolve("state.json");
  }

  public Path anvilLog() {
    return anvilDir().resolve("anvil.log");
  }

  public Path anvilPid() {
    return anvilDir().resolve("anvil.pid");
  }

  public Path walletsDir() {
    return dir.resolve("wallets");
  }

  public Path nodeDir(int index) {
    return dir.resolve("nodes").resolve(nodeName(index));
  }

  public Path nodeConfig(int index) {
    return nodeDir(index).resolve("node.yaml");
  }

  public Path nodeData(int index) {
    return nodeDir(index).resolve("data");
  }

  public Path nodeKeys(int index) {
    return nodeDir(index).resolve("keys");
  }

  public Path nodeLog(int index) {
    return nodeDir(index).resolve("node.log");
  }

  public Path nodePid(int index) {
    return nodeDir(index).resolve("node.pid");
  }

  public Path daemonDir() {
    return dir.resolve("daemon");
  }

  public Path daemonConfig() {
    return daemonDir().resolve("daemon.yaml");
  }

  public Path daemonLog() {
    return daemonDir().resolve("daemon.log");
  }

  public Path daemonPid() {
    return daemonDir().resolve("daemon.pid");
  }

  public Path indexerDir() {
    return dir.resolve("indexer");
  }

  public Path indexerConfig() {
    return indexerDir().resolve("indexer.yaml");
  }

  public Path indexerLog() {
    return indexerDir().resolve("indexer.log");
  }

  public Path indexerPid() {
    return indexerDir().resolve("indexer.pid");
  }

  /** The name of node {@code index}: {@code node-<index>}. */
  public static String nodeName(int index) {
    return "node-" + index;
  }
}
