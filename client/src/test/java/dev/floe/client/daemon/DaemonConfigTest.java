package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
  @TempDir Path dir;

  @Test
  void shouldLoadAConfigAndResolvePathsAgainstItsFolder() throws Exception {
    Path file = dir.resolve("conf/daemon.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        name: publisher-1
        bind: {host: 0.0.0.0, port: 8080}
        max_body_bytes: 1048576
        max_concurrent_stores: 3
        max_concurrent_reads: 5
        chain: {rpc_url: "https://rpc.example.org", deployment_file: ../deployment.json}
        wallet: {keystore: keys/wallet.json, password_file: keys/password.txt}
        client: {max_concurrent_requests: 16, request_timeout_millis: 5000}
        """);
    DaemonConfig c = DaemonConfig.load(file);
    assertThat(c.name()).isEqualTo("publisher-1");
    assertThat(c.bind().port()).isEqualTo(8080);
    assertThat(c.maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(c.maxConcurrentStores()).isEqualTo(3);
    assertThat(c.maxConcurrentReads()).isEqualTo(5);
    assertThat(c.chain().deploymentFile()).isEqualTo(dir.resolve("conf/../deployment.json").toAbsolutePath());
    assertThat(c.wallet().keystore()).isEqualTo(dir.resolve("conf/keys/wallet.json").toAbsolutePath());
    assertThat(c.client().toClientConfig().maxConcurrentRequests()).isEqualTo(16);
    assertThat(c.client().toClientConfig().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.chainConnection().rpcUrl()).contains("https://rpc.example.org");
  }

  @Test
  void shouldApplyUpstreamDefaults() throws Exception {
    Path file = dir.resolve("d.yaml");
    Files.writeString(file, "chain: {deployment_file: deployment.json}\nwallet: {dev_key: 0}\n");
    DaemonConfig c = DaemonConfig.load(file);
    assertThat(c.bind().host()).isEqualTo("127.0.0.1");
    assertThat(c.bind().port()).isEqualTo(31415);
    assertThat(c.maxBodyBytes()).isEqualTo(10L << 20);
    assertThat(c.maxConcurrentStores()).isEqualTo(FloeDaemon.DEFAULT_MAX_CONCURRENT_STORES);
    assertThat(c.maxConcurrentReads()).isEqualTo(FloeDaemon.DEFAULT_MAX_CONCURRENT_READS);
    assertThat(c.chainConnection().devKey()).hasValue(0);
  }

  @Test
  void shouldRejectUnknownKeysAndIncompleteWallets() throws Exception {
    Path unknown = dir.resolve("u.yaml");
    Files.writeString(unknown, "chain: {deployment_file: d.json}\nwallet: {dev_key: 0}\nmax_body: 5\n");
    assertThatThrownBy(() -> DaemonConfig.load(unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'max_body'");
    Path noWallet = dir.resolve("w.yaml");
    Files.writeString(noWallet, "chain: {deployment_file: d.json}\nwallet: {password_file: p.txt}\n");
    assertThatThrownBy(() -> DaemonConfig.load(noWallet))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keystore or dev_key");
    Path noStores = dir.resolve("s.yaml");
    Files.writeString(noStores, "chain: {deployment_file: d.json}\nwallet: {dev_key: 0}\nmax_concurrent_stores: 0\n");
    assertThatThrownBy(() -> DaemonConfig.load(noStores))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_concurrent_stores");
  }

  @Test
  void shouldResolveTheSpoolDirAndCheckItsThreshold() throws Exception {
    Path file = dir.resolve("conf/daemon.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        max_body_bytes: 5368709120
        spool: {dir: spool, threshold_bytes: 1024}
        chain: {deployment_file: deployment.json}
        wallet: {dev_key: 0}
        """);
    DaemonConfig c = DaemonConfig.load(file);
    assertThat(c.maxBodyBytes()).as("bodies beyond 2 GiB are spooled, so the limit may exceed it").isEqualTo(5L << 30);
    assertThat(c.spool().toSpoolOptions()).isEqualTo(new SpoolOptions(dir.resolve("conf/spool").toAbsolutePath(), 1024));

    Path defaults = dir.resolve("d.yaml");
    Files.writeString(defaults, "chain: {deployment_file: deployment.json}\nwallet: {dev_key: 0}\n");
    assertThat(DaemonConfig.load(defaults).spool().toSpoolOptions()).isEqualTo(SpoolOptions.defaults());

    Path tooLarge = dir.resolve("t.yaml");
    Files.writeString(tooLarge,
        "spool: {threshold_bytes: 4294967296}\nchain: {deployment_file: d.json}\nwallet: {dev_key: 0}\n");
    assertThatThrownBy(() -> DaemonConfig.load(tooLarge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spool.threshold_bytes");
  }
}
