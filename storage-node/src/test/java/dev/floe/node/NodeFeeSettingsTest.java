package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.FeeSettings;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fee settings of the storage node's {@code chain} section: read from YAML, saved again, applied
 * to the node's EVM connection, and refused at load with the key named. (The text forms and bounds
 * themselves are tested with {@link FeeSettings} in control-plane.)
 */
class NodeFeeSettingsTest {
  @TempDir Path dir;

  @Test
  void readsTheNodesChainSectionAndRefusesBadFeeSettings() throws Exception {
    String head = "name: n\nstorage_path: d\n";
    Path file = dir.resolve("fees.yaml");
    Files.writeString(file, head + "chain: {rpc_url: \"https://rpc.example\", deployment_file: d.json,"
        + " fee_cap: 40gwei, fee_bump_after_millis: 90000, fee_bump_percent: 20, join_active_set: false}\n");
    StorageNodeConfig c = StorageNodeConfig.load(file);
    assertThat(c.chain().joinActiveSet()).isFalse();
    assertThat(c.chain().fees()).isEqualTo(new FeeSettings(Optional.of(BigInteger.valueOf(40_000_000_000L)),
        Optional.of(Duration.ofSeconds(90)), OptionalInt.of(20)));
    EvmConfig evm = NodeLauncher.evmConfig(c.chain());
    assertThat(evm.feeCap()).contains(BigInteger.valueOf(40_000_000_000L));
    assertThat(evm.feeBumpAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThat(evm.feeBumpPercent()).isEqualTo(20);
    Path saved = dir.resolve("saved.yaml");
    c.save(saved);
    assertThat(StorageNodeConfig.load(saved).chain().fees()).as("survives saving").isEqualTo(c.chain().fees());

    Files.writeString(file, head + "chain: {rpc_url: x, deployment_file: d.json}\n");
    StorageNodeConfig defaults = StorageNodeConfig.load(file);
    assertThat(defaults.chain().joinActiveSet()).as("on by default").isTrue();
    assertThat(defaults.chain().fees()).isEqualTo(FeeSettings.DEFAULTS);

    Files.writeString(file, head + "chain: {rpc_url: x, deployment_file: d.json, fee_cap: lots}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).isInstanceOf(StorageNodeConfig.ConfigException.class)
        .hasMessageContaining("chain.fee_cap must be a gas price").hasMessageContaining("'lots'");
    Files.writeString(file, head + "chain: {rpc_url: x, deployment_file: d.json, fee_bump_percent: 5}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("chain.fee_bump_percent must be in [10, 1000]");
    Files.writeString(file, head + "chain: {rpc_url: x, deployment_file: d.json, fee_bump_after_millis: 0}\n");
    assertThatThrownBy(() -> StorageNodeConfig.load(file)).hasMessageContaining("chain.fee_bump_after_millis must be positive");
    Files.writeString(file, head + "chain: {rpc_url: \"https://rpc.example\", deployment_file: d.json,"
        + " fee_bump_after_millis: 200}\n");
    StorageNodeConfig tooFast = StorageNodeConfig.load(file);
    assertThatThrownBy(() -> NodeLauncher.evmConfig(tooFast.chain())).isInstanceOf(StorageNodeConfig.ConfigException.class)
        .hasMessageContaining("chain.fee_bump_after_millis must be at least the receipt poll interval of 1000 ms");
  }
}
