package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ContractAddresses;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.evm.FeeSettings;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
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

    Path keepFree = dir.resolve("conf/free.yaml");
    Files.writeString(keepFree, "spool: {dir: spool, min_free_bytes: 1000000}\nchain: {deployment_file: d.json}\n"
        + "wallet: {dev_key: 0}\n");
    assertThat(DaemonConfig.load(keepFree).spool().toSpoolOptions().minFreeBytes()).isEqualTo(1_000_000);
    Path negative = dir.resolve("conf/neg.yaml");
    Files.writeString(negative, "spool: {min_free_bytes: -1}\nchain: {deployment_file: d.json}\nwallet: {dev_key: 0}\n");
    assertThatThrownBy(() -> DaemonConfig.load(negative)).hasMessageContaining("spool.min_free_bytes");

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

  @Test
  void shouldReadTheWholeReadLimitAndBodyIdleTimeoutAndKeepThemWhenSaved() throws Exception {
    Path file = dir.resolve("bounds.yaml");
    Files.writeString(file, """
        max_concurrent_whole_reads: 3
        body_idle_timeout_millis: 1500
        min_body_bytes_per_second: 0
        chain: {deployment_file: d.json}
        wallet: {dev_key: 0}
        """);
    DaemonConfig c = DaemonConfig.load(file);
    assertThat(c.maxConcurrentWholeReads()).isEqualTo(3);
    assertThat(c.bodyIdleTimeoutMillis()).isEqualTo(1500);
    assertThat(c.bodyIdleTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.minBodyBytesPerSecond()).as("read from the file").isZero();
    Path saved = dir.resolve("saved/bounds.yaml");
    c.save(saved);
    DaemonConfig reloaded = DaemonConfig.load(saved);
    assertThat(reloaded.maxConcurrentWholeReads()).as("survives saving").isEqualTo(3);
    assertThat(reloaded.bodyIdleTimeoutMillis()).isEqualTo(1500);
    assertThat(reloaded.minBodyBytesPerSecond()).as("0 turns the rate check off, and stays 0").isZero();
    assertThat(reloaded.limits().minBodyBytesPerSecond()).isZero();

    Path defaults = dir.resolve("defaults.yaml");
    Files.writeString(defaults, "chain: {deployment_file: d.json}\nwallet: {dev_key: 0}\n");
    DaemonConfig d = DaemonConfig.load(defaults);
    assertThat(d.maxConcurrentWholeReads()).isEqualTo(FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS).isEqualTo(2);
    assertThat(d.bodyIdleTimeout()).isEqualTo(FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.limits().minBodyBytesPerSecond()).isEqualTo(FloeDaemon.DEFAULT_MIN_BODY_BYTES_PER_SECOND)
        .isEqualTo(1024);
    assertThat(new DaemonConfig(null, null, null, null, null, new DaemonConfig.Chain(null, Path.of("d.json")),
        new DaemonConfig.Wallet(null, null, 0), null).maxConcurrentWholeReads())
        .as("the older constructors keep the default").isEqualTo(2);
  }

  @Test
  void shouldRejectAWholeReadLimitUnderOneAndABodyIdleTimeoutUnderOneSecond() throws Exception {
    assertBadTopLevel("max_concurrent_whole_reads: 0", "max_concurrent_whole_reads must be at least 1, got 0");
    assertBadTopLevel("max_concurrent_whole_reads: -2", "max_concurrent_whole_reads must be at least 1, got -2");
    assertBadTopLevel("body_idle_timeout_millis: 999", "body_idle_timeout_millis must be at least 1000, got 999");
    assertBadTopLevel("body_idle_timeout_millis: 0", "body_idle_timeout_millis must be at least 1000, got 0");
    assertBadTopLevel("body_idle_timeout_millis: soon", "body_idle_timeout_millis", "soon");
    assertBadTopLevel("min_body_bytes_per_second: -1", "min_body_bytes_per_second must not be negative, got -1");
    Path edge = dir.resolve("edge.yaml");
    Files.writeString(edge, "max_concurrent_whole_reads: 1\nbody_idle_timeout_millis: 1000\n"
        + "chain: {deployment_file: d.json}\nwallet: {dev_key: 0}\n");
    DaemonConfig c = DaemonConfig.load(edge);
    assertThat(c.maxConcurrentWholeReads()).isEqualTo(1);
    assertThat(c.bodyIdleTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  private void assertBadTopLevel(String entry, String... messageParts) throws Exception {
    Path file = dir.resolve("bad-top.yaml");
    Files.writeString(file, entry + "\nchain: {deployment_file: d.json}\nwallet: {dev_key: 0}\n");
    var thrown = assertThatThrownBy(() -> DaemonConfig.load(file)).as(entry)
        .isInstanceOf(IllegalArgumentException.class);
    for (String part : messageParts) {
      thrown.hasMessageContaining(part);
    }
  }

  @Test
  void shouldReadTheFeeSettingsOfTheChainSectionAndKeepThemWhenSaved() throws Exception {
    Path file = dir.resolve("fees.yaml");
    Files.writeString(file, """
        chain: {rpc_url: "https://rpc.example.org", deployment_file: d.json,
                fee_cap: 1.5gwei, fee_bump_after_millis: 90000, fee_bump_percent: 20}
        wallet: {dev_key: 0}
        """);
    DaemonConfig c = DaemonConfig.load(file);
    FeeSettings expected = new FeeSettings(Optional.of(BigInteger.valueOf(1_500_000_000L)),
        Optional.of(Duration.ofSeconds(90)), OptionalInt.of(20));
    assertThat(c.chain().fees()).isEqualTo(expected);
    assertThat(c.chainConnection().fees()).as("the connection applies them").isEqualTo(expected);
    Path saved = dir.resolve("saved/fees.yaml");
    c.save(saved);
    assertThat(DaemonConfig.load(saved).chain().fees()).as("survives saving").isEqualTo(expected);

    Path none = dir.resolve("none.yaml");
    Files.writeString(none, "chain: {deployment_file: d.json}\nwallet: {dev_key: 0}\n");
    assertThat(DaemonConfig.load(none).chainConnection().fees()).isEqualTo(FeeSettings.DEFAULTS);
  }

  @Test
  void shouldRejectBadFeeSettingsNamingTheKey() throws Exception {
    assertBadChain("fee_cap: lots", "chain.fee_cap must be a gas price such as 50gwei", "'lots'");
    assertBadChain("fee_cap: 0.1wei", "chain.fee_cap is finer than 1 wei");
    assertBadChain("fee_bump_after_millis: 0", "chain.fee_bump_after_millis must be positive, got 0");
    assertBadChain("fee_bump_after_millis: -5", "chain.fee_bump_after_millis must be positive, got -5");
    assertBadChain("fee_bump_percent: 5", "chain.fee_bump_percent must be in [10, 1000]", "got 5");
    assertBadChain("fee_bump_percent: 1001", "chain.fee_bump_percent must be in [10, 1000]", "got 1001");
    assertBadChain("fee_bump_percent: many", "chain.fee_bump_percent: Cannot deserialize", "\"many\"");
    assertBadChain("fee_cap_gwei: 5", "unknown key 'fee_cap_gwei'");

    // the delay is checked against the connection's receipt poll interval (1 s for a public network),
    // before the wallet is loaded
    new Deployment(31337, Optional.empty(), Address.parse("0x" + "11".repeat(20)), 1,
        new ContractAddresses(Address.parse("0x" + "22".repeat(20)), Address.parse("0x" + "33".repeat(20)),
            Address.parse("0x" + "44".repeat(20))),
        DeploymentParameters.localnet(4, Duration.ofHours(1))).save(dir.resolve("d.json"));
    Path file = dir.resolve("fast.yaml");
    Files.writeString(file, "chain: {rpc_url: \"https://rpc.example.org\", deployment_file: d.json,"
        + " fee_bump_after_millis: 200}\nwallet: {keystore: no-such-wallet.json}\n");
    DaemonConfig fast = DaemonConfig.load(file);
    assertThatThrownBy(() -> fast.chainConnection().connect(DaemonConfig.Chain.FEE_NAMES))
        .isInstanceOf(FeeSettings.InvalidFeeSettingException.class)
        .hasMessage("chain.fee_bump_after_millis must be at least the receipt poll interval of 1000 ms, got 200 ms");
  }

  private void assertBadChain(String feeEntry, String... messageParts) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "chain: {deployment_file: d.json, " + feeEntry + "}\nwallet: {dev_key: 0}\n");
    var thrown = assertThatThrownBy(() -> DaemonConfig.load(file)).as(feeEntry)
        .isInstanceOf(IllegalArgumentException.class);
    for (String part : messageParts) {
      thrown.hasMessageContaining(part);
    }
  }
}
