package dev.floe.cli;

import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.testkit.AnvilNode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh anvil with Floe deployed (8 shards, hour-long epochs, a 50-token minimum stake, the faucet
 * on), its deployment file written for the CLI's {@code --deployment}, and the deployer's control
 * plane; closes both.
 *
 * @param anvil the chain
 * @param deployment the deployment
 * @param deploymentFile where it was saved
 * @param admin the deployer (anvil development key 0)
 */
record CliChain(AnvilNode anvil, Deployment deployment, Path deploymentFile, EvmControlPlane admin)
    implements AutoCloseable {

  /** Deploys with an active set and committees of at most {@code maxNodes} nodes. */
  static CliChain deploy(Path dir, int maxNodes) {
    AnvilNode anvil = AnvilNode.start();
    try {
      Deployment deployment = Deployer.deploy(EvmConfig.local(anvil.rpcUrl()), EvmAccount.devAccount(0),
          new DeploymentParameters(8, Duration.ofHours(1), 53, TokenAmount.ofTokens(50), maxNodes, maxNodes, true));
      Path file = dir.resolve("deployment.json");
      deployment.save(file);
      EvmControlPlane admin = EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment,
          EvmAccount.devAccount(0));
      return new CliChain(anvil, deployment, file, admin);
    } catch (RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  @Override
  public void close() {
    admin.close();
    anvil.close();
  }
}
