package dev.floe.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Settings of a {@link LocalNetwork}, from {@link LocalNetwork#builder()}: the directory, the network's
 * size, preferred ports, JVM options of the child processes and start-up timeout.
 */
public final class LocalnetSettings {
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
