package dev.floe.client;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.FeeSettings;
import dev.floe.controlplane.evm.Keystores;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the SDK reaches the control plane: an EVM JSON-RPC URL, the deployment file, and the wallet
 * that pays (an encrypted keystore with its password from a file or {@code FLOE_KEY_PASSWORD}, or, on
 * a local chain only, one of anvil's public development keys). The same settings work for a
 * localnet and any other EVM network; only the URL and files change. The connection polls receipts
 * quickly on a loopback URL and uses public-network settings otherwise ({@link EvmConfig#forUrl}),
 * with the transaction fee settings {@code fees} applied.
 *
 * @param rpcUrl the JSON-RPC URL; empty = the URL recorded in the deployment file
 * @param deploymentFile the deployment written by {@code floe deploy}
 * @param walletKeystore the wallet's keystore file
 * @param passwordFile the keystore password file (else the environment variable)
 * @param devKey index of an anvil development key, instead of a keystore
 * @param fees the transaction fee settings ({@link FeeSettings#DEFAULTS}: the connection's defaults)
 */
public record ChainConnection(
    Optional<String> rpcUrl,
    Path deploymentFile,
    Optional<Path> walletKeystore,
    Optional<Path> passwordFile,
    OptionalInt devKey,
    FeeSettings fees) {

  public ChainConnection {
    if (rpcUrl == null || walletKeystore == null || passwordFile == null || devKey == null || fees == null) {
      throw new IllegalArgumentException("chain connection settings must not be null (use empty optionals)");
    }
    if (deploymentFile == null) {
      throw new IllegalArgumentException("a deployment file is required");
    }
    if (walletKeystore.isPresent() && devKey.isPresent()) {
      throw new IllegalArgumentException("give either a wallet keystore or a development key, not both");
    }
  }

  /** A connection with the default fee settings. */
  public ChainConnection(Optional<String> rpcUrl, Path deploymentFile, Optional<Path> walletKeystore,
      Optional<Path> passwordFile, OptionalInt devKey) {
    this(rpcUrl, deploymentFile, walletKeystore, passwordFile, devKey, FeeSettings.DEFAULTS);
  }

  /**
   * Loads the deployment and the wallet and connects. The caller closes the control plane.
   *
   * @throws FeeSettings.InvalidFeeSettingException when the fee settings do not fit the connection
   *     (a bump delay shorter than its receipt poll interval)
   */
  public ControlPlane connect() {
    return connect(FeeSettings.Names.PLAIN);
  }

  /**
   * {@link #connect()}, naming the fee settings as {@code feeNames} in errors (for example the
   * command-line options or config keys they came from).
   */
  public ControlPlane connect(FeeSettings.Names feeNames) {
    Deployment deployment = Deployment.load(deploymentFile);
    EvmConfig evm = evmConfig(deployment, feeNames);
    return EvmControlPlane.connect(evm, deployment, account());
  }

  /** This connection with {@code fees} instead of its fee settings. */
  public ChainConnection withFees(FeeSettings fees) {
    return new ChainConnection(rpcUrl, deploymentFile, walletKeystore, passwordFile, devKey, fees);
  }

  /** The EVM settings: by the RPC URL given or the deployment's, with the fee settings applied. */
  EvmConfig evmConfig(Deployment deployment, FeeSettings.Names feeNames) {
    String url =
        rpcUrl.or(deployment::rpcUrl)
            .orElseThrow(() -> new IllegalArgumentException(
                "no RPC URL: pass one, or use a deployment file that records it (" + deploymentFile + ")"));
    return fees.applyTo(EvmConfig.forUrl(url), feeNames);
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
