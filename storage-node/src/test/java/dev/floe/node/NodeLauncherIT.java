package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.KeyLoadingException;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.ControlPlaneNodeChain;
import dev.floe.node.chain.NodeRegistration;
import dev.floe.node.keys.NodeKeys;
import dev.floe.node.testing.AnvilCluster;
import dev.floe.node.testing.FreePorts;
import dev.floe.node.testing.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator path on a real chain: keys in encrypted keystore files, one YAML config, register
 * and stake through the node's chain adapter, then {@link NodeLauncher#launch} runs the node. The
 * node's log lines name it, and neither the password nor the private keys ever appear in them.
 */
class NodeLauncherIT {
  private static final String PASSWORD = "correct horse battery staple 42";

  @TempDir Path dir;

  @Test
  void launchesFromConfigAndKeystoresWithoutLeakingSecrets() throws Exception {
    try (AnvilCluster chain = new AnvilCluster(dir, 0, 4); TestClient client = new TestClient()) {
      SecureRandom random = new SecureRandom();
      ProtocolKeyPair protocol = ProtocolKeyPair.generate(random);
      EvmAccount wallet = EvmAccount.generate(random);
      Path keys = dir.resolve("keys");
      Path protocolFile = Keystores.saveProtocolKey(protocol, keys, PASSWORD.toCharArray());
      Path walletFile = Keystores.saveAccount(wallet, keys, PASSWORD.toCharArray());
      Files.writeString(keys.resolve("password.txt"), PASSWORD + "\n");
      chain.fund(wallet.address(), 50_000);
      int port = FreePorts.allocate(1).get(0);
      Path config = dir.resolve("node.yaml");
      Files.writeString(config, """
          name: launched
          storage_path: data
          rest_api: {port: %d}
          metrics: {enabled: false}
          chain: {rpc_url: "%s", deployment_file: deployment.json, poll_interval_millis: 50}
          keys:
            protocol_keystore: %s
            wallet_keystore: %s
            password_file: keys/password.txt
          """.formatted(port, chain.anvil().rpcUrl(), dir.relativize(protocolFile), dir.relativize(walletFile)));
      StorageNodeConfig c = StorageNodeConfig.load(config);

      NodeKeys loaded = NodeLauncher.keys(c);
      assertThat(loaded.protocolKey().address()).isEqualTo(protocol.address());
      assertThat(loaded.toString()).doesNotContain(hex(protocol.privateKeyBytesForKeystore()));
      try (ControlPlaneNodeChain nodeChain = NodeLauncher.connect(c, loaded)) {
        nodeChain.registerNode(new NodeRegistration("launched", c.publicUrl(port), 500, BigInteger.valueOf(1000),
            BigInteger.valueOf(2000), BigInteger.ONE.shiftLeft(40)));
        nodeChain.stake(wallet.address().toBytes(), BigInteger.valueOf(10_000).multiply(BigInteger.TEN.pow(9)));
      }
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream original = System.err;
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      StorageNode node = null;
      try {
        // started before the first epoch: no committee yet, the node waits in standby
        node = NodeLauncher.launch(c);
        assertThat(node.events().awaitCaughtUp(java.time.Duration.ofSeconds(30))).isTrue();
        String url = node.url();
        JsonObject before = health(client, url);
        assertThat(before.getString(JsonFields.NODE_STATUS)).isEqualTo("Standby");
        assertThat(before.getLong(JsonFields.EPOCH)).isZero();
        chain.startFirstEpoch();
        dev.floe.testkit.Await.until("node active in epoch 1", java.time.Duration.ofSeconds(30),
            () -> "Active".equals(health(client, url).getString(JsonFields.NODE_STATUS)));
        JsonObject health = health(client, url);
        assertThat(health.getJsonObject(JsonFields.SHARD_SUMMARY).getInteger(JsonFields.OWNED)).isEqualTo(4);
        assertThat(health.getLong(JsonFields.EPOCH)).isEqualTo(1);
      } finally {
        if (node != null) {
          node.close();
        }
        System.setErr(original);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertThat(log).contains("launched: started").contains("launched: REST API on");
      assertThat(log).doesNotContain(PASSWORD);
      assertThat(log).doesNotContain(hex(protocol.privateKeyBytesForKeystore()));
      assertThat(log).doesNotContain(hex(wallet.privateKeyBytesForKeystore()));

      Files.writeString(keys.resolve("password.txt"), "wrong\n");
      assertThatThrownBy(() -> NodeLauncher.keys(c)).isInstanceOf(KeyLoadingException.class)
          .hasMessageContaining("wrong password").hasMessageNotContaining("wrong\n");
      StorageNodeConfig envOnly = new StorageNodeConfig(c.name(), c.storagePath(), c.restApi(), c.metrics(), c.chain(),
          new StorageNodeConfig.Keys(c.keys().protocolKeystore(), c.keys().walletKeystore(), null, "FLOE_TEST_UNSET_ENV"),
          c.limits(), c.recovery());
      assertThatThrownBy(() -> NodeLauncher.keys(envOnly)).hasMessageContaining("FLOE_TEST_UNSET_ENV");
    }
  }

  private static JsonObject health(TestClient client, String url) {
    return client.get(url + Routes.HEALTH).json().getJsonObject(JsonFields.SUCCESS).getJsonObject(JsonFields.DATA);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
