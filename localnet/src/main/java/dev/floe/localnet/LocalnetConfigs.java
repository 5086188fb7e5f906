package dev.floe.localnet;

import dev.floe.client.daemon.DaemonConfig;
import dev.floe.indexer.IndexerConfig;
import dev.floe.node.StorageNodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the YAML config files of the localnet's node, daemon and indexer processes. They are ordinary
 * configs, exactly what an operator writes for a real network (only the RPC URL, the deployment file
 * and the keys differ); every path in them is relative to the file's folder. Each file is read
 * back with the component's own loader so a format mismatch fails here, not in a child process.
 */
final class LocalnetConfigs {
  private LocalnetConfigs() {}

  /** The settings of one node's config. */
  record NodeSettings(
      int index, int restPort, int metricsPort, String rpcUrl, String protocolKeystore, String walletKeystore) {}

  /** Writes {@code nodes/node-I/node.yaml}. */
  static Path writeNode(LocalnetLayout layout, NodeSettings s) {
    Path file = layout.nodeConfig(s.index());
    Path dir = layout.nodeDir(s.index());
    String yaml =
        "# storage node " + LocalnetLayout.nodeName(s.index()) + " of the Floe localnet; run with:\n"
            + "#   ./floe node run --config " + file + "\n"
            + "name: " + LocalnetLayout.nodeName(s.index()) + "\n"
            + "storage_path: data\n"
            + "rest_api:\n"
            + "  host: 127.0.0.1\n"
            + "  port: " + s.restPort() + "\n"
            + "  public_url: \"" + restUrl(s.restPort()) + "\"\n"
            + "metrics:\n"
            + "  host: 127.0.0.1\n"
            + "  port: " + s.metricsPort() + "\n"
            + "chain:\n"
            + "  rpc_url: \"" + s.rpcUrl() + "\"\n"
            + "  deployment_file: " + rel(dir, layout.deploymentFile()) + "\n"
            + "  confirmation_depth: 0\n"
            // 250 ms: an idle node polls 4 times a second (eth_blockNumber each); at 100 ms the polls alone
            // cost idle nodes several times more CPU, and the end-to-end timings did not need the faster rate
            + "  poll_interval_millis: 250\n"
            + "keys:\n"
            + "  protocol_keystore: " + s.protocolKeystore() + "\n"
            + "  wallet_keystore: " + s.walletKeystore() + "\n"
            + "  password_file: " + rel(dir, layout.passwordFile()) + "\n";
    write(file, yaml);
    StorageNodeConfig.load(file);
    return file;
  }

  /** Writes {@code daemon/daemon.yaml}. */
  static Path writeDaemon(LocalnetLayout layout, int port, long maxBodyBytes, String rpcUrl, Path walletKeystore) {
    Path file = layout.daemonConfig();
    Path dir = layout.daemonDir();
    String yaml =
        "# publisher/aggregator of the Floe localnet; run with:\n"
            + "#   ./floe daemon --config " + file + "\n"
            + "name: daemon\n"
            + "bind:\n"
            + "  host: 127.0.0.1\n"
            + "  port: " + port + "\n"
            + "max_body_bytes: " + maxBodyBytes + "\n"
            + "chain:\n"
            + "  rpc_url: \"" + rpcUrl + "\"\n"
            + "  deployment_file: " + rel(dir, layout.deploymentFile()) + "\n"
            + "wallet:\n"
            + "  keystore: " + rel(dir, walletKeystore) + "\n"
            + "  password_file: " + rel(dir, layout.passwordFile()) + "\n";
    write(file, yaml);
    DaemonConfig.load(file);
    return file;
  }

  /**
   * The anvil development key that pays the indexer's epoch keeper (no other localnet component uses
   * it; see {@link LocalnetSettings} for every account).
   */
  static final int KEEPER_DEV_KEY = 9;

  /** Writes {@code indexer/indexer.yaml}: SQLite next to it, the epoch keeper on. */
  static Path writeIndexer(LocalnetLayout layout, int port, String rpcUrl) {
    Path file = layout.indexerConfig();
    Path dir = layout.indexerDir();
    String yaml =
        "# indexer of the Floe localnet (chain views in SQLite, query API, epoch keeper); run with:\n"
            + "#   ./floe indexer run --config " + file + "\n"
            + "name: indexer\n"
            + "bind:\n"
            + "  host: 127.0.0.1\n"
            + "  port: " + port + "\n"
            + "database:\n"
            + "  url: \"jdbc:sqlite:indexer.db\"\n"
            + "chain:\n"
            + "  rpc_url: \"" + rpcUrl + "\"\n"
            + "  deployment_file: " + rel(dir, layout.deploymentFile()) + "\n"
            + "  confirmation_depth: 0\n"
            + "  poll_interval_millis: 250\n"
            + "keeper:\n"
            + "  enabled: true\n"
            + "  interval_millis: 5000\n"
            + "  dev_key: " + KEEPER_DEV_KEY + "\n";
    write(file, yaml);
    try {
      IndexerConfig.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** {@code http://127.0.0.1:<port>}. */
  static String restUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  private static String rel(Path from, Path to) {
    return from.toAbsolutePath().relativize(to.toAbsolutePath()).toString();
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
