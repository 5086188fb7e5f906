package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.testkit.AnvilNode;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The add-node funder's account on a real anvil chain: it tops itself up from the token faucet in
 * calls of at most the faucet limit, and only by what it lacks.
 */
class LocalnetFunderTest {
  @Test
  void shouldMintWhatTheFunderLacksInFaucetSizedCalls() {
    try (AnvilNode anvil = AnvilNode.start()) {
      EvmConfig evm = EvmConfig.local(anvil.rpcUrl());
      Deployment deployment = Deployer.deploy(evm, EvmAccount.devAccount(LocalnetSettings.DEPLOYER_DEV_KEY),
          DeploymentParameters.localnet(8, Duration.ofHours(1)));
      EvmAccount funderAccount = EvmAccount.devAccount(LocalnetSettings.FUNDER_DEV_KEY);
      try (ControlPlane funder = EvmControlPlane.connect(evm, deployment, funderAccount)) {
        assertThat(funder.balanceOf(funderAccount.address()).join()).isEqualTo(TokenAmount.ZERO);
        TokenAmount needed = TokenAmount.ofTokens(2_500_000); // more than two faucet calls' worth
        long nonceBefore = nonce(anvil, funderAccount);
        LocalnetBootstrap.topUp(funder, needed);
        assertThat(funder.balanceOf(funderAccount.address()).join()).isEqualTo(needed);
        assertThat(nonce(anvil, funderAccount) - nonceBefore).as("three faucet calls").isEqualTo(3);

        LocalnetBootstrap.topUp(funder, TokenAmount.ofTokens(1_000));
        assertThat(nonce(anvil, funderAccount) - nonceBefore).as("enough already: nothing sent").isEqualTo(3);
        funder.transfer(EvmAccount.devAccount(7).address(), TokenAmount.ofTokens(2_000_000)).join();
        LocalnetBootstrap.topUp(funder, needed);
        assertThat(funder.balanceOf(funderAccount.address()).join()).isEqualTo(needed);
      }
    }
  }

  private static long nonce(AnvilNode anvil, EvmAccount account) {
    String hex = anvil.rpc("eth_getTransactionCount", "\"" + account.address().toHex() + "\"", "\"latest\"");
    return new BigInteger(hex.replace("\"", "").substring(2), 16).longValueExact();
  }
}
