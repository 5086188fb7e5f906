package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML config: defaults, path resolution, and clear errors for bad files. */
class StorageNodeConfigTest {
  @TempDir Path dir;

  @Test
  void loadsAMinimalFileWithDefaultsAndResolvesPaths() throws Exception {
    Path file = dir.resolve("conf/node.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        name: node-7
        storage_path: data/node-7
        rest_api: {port: 0}
        chain:
          rpc_url: http://127.0.0.1:8545
          deployment_file: ../deployment.json
        keys:
          protocol_keystore: keys/protocol.json
          wallet_keystore: keys/wallet.json
          password_file: keys/password.txt
        limits: {max_blob_size: 1048576, symbol_concurrency: 3}
        """);
    StorageNodeConfig c = StorageNodeConfig.load(file);
    Path base = file.toAbsolutePath().getParent();
    assertThat(c.name()).isEqualTo("node-7");
    assertThat(c.storagePath()).isEqualTo(base.resolve("data/node-7"));
    assertThat(c.chain().deploymentFile()).isEqualTo(base.resolve("../deployment.json"));
    assertThat(c.keys().protocolKeystore()).isEqualTo(base.resolve("keys/protocol.json"));
    assertThat(c.keys().passwordEnv()).isEqualTo("FLOE_KEY_PASSWORD");
    assertThat(c.restApi().host()).isEqualTo("127.0.0.1");
    assertThat(c.restApi().port()).isZero();
    assertThat(c.metrics().port()).isEqualTo(9184);
    assertThat(c.limits().maxBlobSize()).isEqualTo(1 << 20);
    assertThat(c.limits().symbolConcurrency()).isEqualTo(3);
    assertThat(c.limits().ioThreads()).isEqualTo(16);
    assertThat(c.recovery().parallelism()).isEqualTo(4);
    assertThat(c.chain().confirmationDepth()).isZero();
    assertThat(c.publicUrl(4242)).isEqualTo("http://127.0.0.1:4242");
    assertThat(c.challenges()).isEqualTo(StorageNodeConfig.Challenges.defaults());
    assertThat(c.challenges().enabled()).isTrue();
    assertThat(c.challenges().symbolsPerNode()).isEqualTo(8);
  }

  @Test
  void readsAndChecksTheChallengesSection() throws Exception {
    Path file = dir.resolve("challenges.yaml");
    String head = "name: n\nstorage_path: d\nchain: {rpc_url: x, deployment_file: d.json}\n";
    Files.writeString(file, head + "challenges: {enabled: false, delay_millis: 5000, symbols_per_node: 4, attempts: 2,"
        + " timeout_millis: 1500, backoff_millis: 50, attest_concurrency: 3}\n");
    StorageNodeConfig.Challenges c = StorageNodeConfig.load(file).challenges();
    assertThat(c).isEqualTo(new StorageNodeConfig.Challenges(false, 5_000L, 4, 2, 1_500L, 50L, 3));
    assertThat(c.attestTimeoutMillis()).isGreaterThan(6L * 1_500);

    Files.writeString(file, head + "challenges: {symbols_per_node: 0}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("challenges.symbols_per_node");
    Files.writeString(file, head + "challenges: {attempts: 0}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("challenges.attempts");
    Files.writeString(file, head + "challenges: {delay_millis: -1}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("challenges.delay_millis");
    Files.writeString(file, head + "challenges: {symbol_per_node: 3}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("unknown key 'symbol_per_node'");

    // retries of unreachable members: defaults 3 retries 30 s apart, doubling (30 + 60 + 120 s)
    assertThat(c.unreachableRetries()).isEqualTo(3);
    assertThat(c.unreachableWindowMillis()).isEqualTo(210_000L);
    Files.writeString(file, head + "challenges: {unreachable_retries: 2, retry_backoff_millis: 400}\n");
    StorageNodeConfig.Challenges retries = StorageNodeConfig.load(file).challenges();
    assertThat(retries.unreachableRetries()).isEqualTo(2);
    assertThat(retries.retryBackoffMillis()).isEqualTo(400L);
    assertThat(retries.retryDelayMillis(2)).isEqualTo(800L);
    assertThat(retries.unreachableWindowMillis()).isEqualTo(1_200L);
    Files.writeString(file, head + "challenges: {unreachable_retries: -1}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("challenges.unreachable_retries");
    Files.writeString(file, head + "challenges: {retry_backoff_millis: 0}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("challenges.retry_backoff_millis");
  }

  @Test
  void rejectsUnknownKeysBadValuesAndMissingSections() throws Exception {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "name: n\nstorage_path: d\nchain: {rpc_url: x, deployment_file: d.json}\nrest_api: {prot: 1}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(typo)).isInstanceOf(StorageNodeConfig.ConfigException.class)
        .hasMessageContaining("unknown key 'prot'");

    Path noChain = dir.resolve("nochain.yaml");
    Files.writeString(noChain, "name: n\nstorage_path: d\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(noChain)).isInstanceOf(StorageNodeConfig.ConfigException.class)
        .hasMessageContaining("chain");

    Path badName = dir.resolve("badname.yaml");
    Files.writeString(badName, "name: 'a b'\nstorage_path: d\nchain: {rpc_url: x, deployment_file: d.json}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(badName)).hasMessageContaining("name must be");

    Path badPort = dir.resolve("badport.yaml");
    Files.writeString(badPort, "name: n\nstorage_path: d\nchain: {rpc_url: x, deployment_file: d.json}\nmetrics: {port: 70000}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(badPort)).hasMessageContaining("metrics.port");

    assertThatThrownBy(() -> StorageNodeConfig.load(dir.resolve("missing.yaml")))
        .isInstanceOf(StorageNodeConfig.ConfigException.class).hasMessageContaining("missing.yaml");
  }

  @Test
  void savedConfigLoadsBackEqual() {
    StorageNodeConfig c = new StorageNodeConfig("n1", dir.resolve("data"),
        new StorageNodeConfig.RestApi("0.0.0.0", 9999, "http://example:9999"), null,
        new StorageNodeConfig.Chain("http://rpc", dir.resolve("dep.json"), 2, 100L),
        new StorageNodeConfig.Keys(dir.resolve("p.json"), dir.resolve("w.json"), null, "MY_ENV"), null, null);
    Path file = dir.resolve("saved.yaml");
    c.save(file);
    assertThat(StorageNodeConfig.load(file)).isEqualTo(c);
  }
}
