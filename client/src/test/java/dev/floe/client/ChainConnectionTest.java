package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.FeeSettings;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChainConnection} on a real anvil chain: its fee settings reach the EVM connection (a cap of
 * 1 wei per gas, below the base fee, makes a transaction fail; a generous one does not), the
 * connection settings follow the RPC URL, and settings that do not fit it are refused with the
 * names the caller gave.
 */
class ChainConnectionTest {
  private static final FeeSettings.Names CLI = new FeeSettings.Names("--fee-cap", "--fee-bump-after", "--fee-bump-percent");

  @TempDir static Path dir;
  private static AnvilNode anvil;
  private static Deployment deployment;
  private static Path deploymentFile;

  @BeforeAll
  static void deploy() {
    anvil = AnvilNode.start();
    deployment = Deployer.deploy(EvmConfig.local(anvil.rpcUrl()), EvmAccount.devAccount(0),
        DeploymentParameters.localnet(4, Duration.ofHours(1)));
    deploymentFile = dir.resolve("deployment.json");
    deployment.save(deploymentFile);
  }

  @AfterAll
  static void stop() {
    if (anvil != null) {
      anvil.close();
    }
  }

  private static ChainConnection devKey(Optional<String> rpcUrl, FeeSettings fees) {
    return new ChainConnection(rpcUrl, deploymentFile, Optional.empty(), Optional.empty(), OptionalInt.of(2), fees);
  }

  @Test
  void aFeeCapBelowTheBaseFeeMakesTransactionsFailAndAGenerousOneDoesNot() {
    try (ControlPlane cp = devKey(Optional.of(anvil.rpcUrl()), FeeSettings.parse("1wei", null, null, CLI)).connect()) {
      assertThatThrownBy(() -> Await.result(cp.mintFromFaucet(TokenAmount.ofTokens(1))))
          .hasStackTraceContaining("fee");
    }
    var account = EvmAccount.devAccount(2).address();
    try (ControlPlane cp = devKey(Optional.empty(), FeeSettings.parse("500gwei", null, null, CLI)).connect()) {
      TokenAmount before = Await.result(cp.balanceOf(account));
      Await.result(cp.mintFromFaucet(TokenAmount.ofTokens(1)));
      assertThat(Await.result(cp.balanceOf(account))).isEqualTo(before.plus(TokenAmount.ofTokens(1)));
    }
  }

  @Test
  void appliesTheFeeSettingsToTheSettingsOfTheUrl() {
    FeeSettings fees = FeeSettings.parse("30gwei", "2m", 25, CLI);
    EvmConfig remote = devKey(Optional.of("https://rpc.example"), fees).evmConfig(deployment, CLI);
    assertThat(remote.receiptPollInterval()).as("public-network settings").isEqualTo(Duration.ofSeconds(1));
    assertThat(remote.feeCap()).contains(BigInteger.valueOf(30_000_000_000L));
    assertThat(remote.feeBumpAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(remote.feeBumpPercent()).isEqualTo(25);

    EvmConfig local = devKey(Optional.empty(), FeeSettings.DEFAULTS).evmConfig(deployment, CLI);
    assertThat(local).as("the deployment's loopback URL, unchanged by default settings")
        .isEqualTo(EvmConfig.local(deployment.rpcUrl().orElseThrow()));
    ChainConnection old = new ChainConnection(Optional.empty(), deploymentFile, Optional.empty(), Optional.empty(),
        OptionalInt.of(2));
    assertThat(old.fees()).isEqualTo(FeeSettings.DEFAULTS);
    assertThat(old.withFees(fees).fees()).isEqualTo(fees);
  }

  @Test
  void refusesFeeSettingsTheConnectionCannotUseBeforeLoadingTheWallet() {
    ChainConnection tooFast = new ChainConnection(Optional.of("https://rpc.example"), deploymentFile,
        Optional.of(dir.resolve("no-such-wallet.json")), Optional.empty(), OptionalInt.empty(),
        FeeSettings.parse(null, "200ms", null, CLI));
    assertThatThrownBy(tooFast::connect).isInstanceOf(FeeSettings.InvalidFeeSettingException.class)
        .hasMessage("the fee bump delay must be at least the receipt poll interval of 1000 ms, got 200 ms");
    assertThatThrownBy(() -> tooFast.connect(CLI)).isInstanceOf(FeeSettings.InvalidFeeSettingException.class)
        .hasMessageStartingWith("--fee-bump-after must be at least");
  }
}
