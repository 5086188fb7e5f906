package dev.floe.client;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.Keystores;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the SDK reaches the control plane: an EVM JSON-RPC URL, the deployment file, and the wallet
 * that pays (an encrypted keystore with its password from a file or {@code FLOE_KEY_PASSWORD}, or, on
 * a local chain only, one of anvil's public development keys). The same settings work for a
 * localnet and any other EVM network; only the URL and files change.
 *
 * @param rpcUrl the JSON-RPC URL; empty = the URL recorded in the deployment file
 * @param deploymentFile the deployment written by {@code floe deploy}
 * @param walletKeystore the wallet's keystore file
 * @param passwordFile the keystore password file (else the environment variable)
 * @param devKey index of an anvil development key, instead of a keystore
 */
public record ChainConnection(
    Optional<String> rpcUrl,
    Path deploymentFile,
    Optional<Path> walletKeystore,
    Optional<Path> passwordFile,
    OptionalInt devKey) {

  public ChainConnection {
    if (deploymentFile == null) {
      throw new IllegalArgumentException("a deployment file is required");
    }
    if (walletKeystore.isPresent() && devKey.isPresent()) {
      throw new IllegalArgumentException("give either a wallet keystore or a development key, not both");
    }
  }

  /** Loads the deployment and the wallet and connects. The caller closes the control plane. */
  public ControlPlane connect() {
    Deployment deployment = Deployment.load(deploymentFile);
    String url =
        rpcUrl.or(deployment::rpcUrl)
            .orElseThrow(() -> new IllegalArgumentException(
                "no RPC URL: pass one, or use a deployment file that records it (" + deploymentFile + ")"));
    return EvmControlPlane.connect(evmConfig(url), deployment, account());
  }

  /** Local chains (loopback) get fast receipt polling; others the public-network settings. */
  static EvmConfig evmConfig(String url) {
    String host = URI.create(url).getHost();
    boolean local = host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    return local ? EvmConfig.local(url) : EvmConfig.remote(url);
  }

  private EvmAccount account() {
    if (devKey.isPresent()) {
      return EvmAccount.devAccount(devKey.getAsInt());
    }
    Path keystore =
        walletKeystore.orElseThrow(() -> new IllegalArgumentException(
            "no wallet: give a keystore file (and its password file or " + Keystores.PASSWORD_ENV + ")"));
    char[] password = Keystores.readPassword(passwordFile);
    try {
      return Keystores.loadAccount(keystore, password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
