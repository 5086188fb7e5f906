package dev.floe.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Settings of a {@link LocalNetwork}, from {@link LocalNetwork#builder()}: the directory, the network's
 * size, preferred ports, JVM options of the child processes and start-up timeout.
 *
 * <p>Accounts. Components that send transactions while the localnet runs each use their own account,
 * so their nonces never clash: anvil development key {@value #DEPLOYER_DEV_KEY} deploys and drives
 * the epochs ({@code localnet up} in the foreground, {@code localnet advance-epoch}), key {@value
 * #FUNDER_DEV_KEY} pays for nodes added to a running localnet ({@code localnet add-node}: their
 * stake, minted from the token faucet as needed), key 9 is the indexer's epoch keeper (written into
 * its config); the client, daemon and node wallets are generated keystores. Keys 1 to 7
 * are free for a user's own scripts ({@code --dev-key}).
 */
public final class LocalnetSettings {
  /** The anvil development key that deploys the contracts and drives epochs. */
  public static final int DEPLOYER_DEV_KEY = 0;
  /** The anvil development key that funds nodes added to a running localnet. */
  public static final int FUNDER_DEV_KEY = 8;

  LocalnetLayout layout = LocalnetLayout.resolve(null);
  int nodes = LocalNetwork.DEFAULT_NODES;
  int shards = LocalNetwork.DEFAULT_SHARDS;
  Duration epochDuration = LocalNetwork.DEFAULT_EPOCH;
  int anvilPort = 8545;
  int daemonPort = 31415;
  long daemonMaxBodyBytes = LocalNetwork.DEFAULT_DAEMON_MAX_BODY;
  boolean fresh;
  ProcessLauncher launcher = ProcessLauncher.ofCurrentJvm();
  List<String> nodeJvmArgs = List.of("-Xmx1g");
  List<String> daemonJvmArgs = List.of("-Xmx3g");
  Duration startTimeout = Duration.ofSeconds(120);
  Consumer<String> log = s -> {};

  LocalnetSettings() {}

  /** The localnet directory. */
  public LocalnetSettings dir(Path dir) {
    this.layout = new LocalnetLayout(dir);
    return this;
  }

  /** The localnet directory, as a layout. */
  public LocalnetSettings layout(LocalnetLayout value) {
    this.layout = value;
    return this;
  }

  public LocalnetSettings nodes(int value) {
    this.nodes = value;
    return this;
  }

  public LocalnetSettings shards(int value) {
    this.shards = value;
    return this;
  }

  public LocalnetSettings epochDuration(Duration value) {
    this.epochDuration = value;
    return this;
  }

  /** Preferred anvil port (taken if free, else any); 0 = any free port. */
  public LocalnetSettings anvilPort(int value) {
    this.anvilPort = value;
    return this;
  }

  /** Preferred daemon port (taken if free, else any); 0 = any free port. */
  public LocalnetSettings daemonPort(int value) {
    this.daemonPort = value;
    return this;
  }

  public LocalnetSettings daemonMaxBodyBytes(long value) {
    this.daemonMaxBodyBytes = value;
    return this;
  }

  /** Wipe the directory (stopping what runs from it) before starting. */
  public LocalnetSettings fresh(boolean value) {
    this.fresh = value;
    return this;
  }

  public LocalnetSettings launcher(ProcessLauncher value) {
    this.launcher = value;
    return this;
  }

  public LocalnetSettings nodeJvmArgs(List<String> value) {
    this.nodeJvmArgs = List.copyOf(value);
    return this;
  }

  public LocalnetSettings daemonJvmArgs(List<String> value) {
    this.daemonJvmArgs = List.copyOf(value);
    return this;
  }

  public LocalnetSettings startTimeout(Duration value) {
    this.startTimeout = value;
    return this;
  }

  /** Where progress messages go (e.g. the console). */
  public LocalnetSettings log(Consumer<String> value) {
    this.log = value;
    return this;
  }

  public LocalNetwork build() {
    return new LocalNetwork(this);
  }
}
