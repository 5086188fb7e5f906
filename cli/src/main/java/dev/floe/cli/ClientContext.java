package dev.floe.cli;

import dev.floe.client.ChainConnection;
import dev.floe.client.ClientConfig;
import dev.floe.client.FloeClient;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.FeeSettings;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.localnet.LocalnetLayout;
import dev.floe.localnet.LocalnetState;
import dev.floe.localnet.PidFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the deployment a command talks to: the one given by {@code --deployment} (with {@code --rpc},
 * {@code --wallet}/{@code --password-file} or {@code --dev-key}), or else the running localnet, whose
 * directory holds the deployment file, the client wallet and the daemon URL. The connection carries
 * the fee options ({@code --fee-cap}, {@code --fee-bump-after}, {@code --fee-bump-percent}).
 */
final class ClientContext {
  private final ChainConnection connection;
  private final Optional<LocalnetState> localnet;

  private ClientContext(ChainConnection connection, Optional<LocalnetState> localnet) {
    this.connection = connection;
    this.localnet = localnet;
  }

  /** Resolves the options; fails with a hint when neither a deployment nor a localnet is found. */
  static ClientContext resolve(ClientOptions options) {
    FeeSettings fees = options.fees();
    if (options.deployment != null) {
      if (!Files.isRegularFile(options.deployment)) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, "deployment file not found: " + options.deployment);
      }
      return new ClientContext(
          new ChainConnection(
              Optional.ofNullable(options.rpcUrl),
              options.deployment,
              Optional.ofNullable(options.wallet),
              Optional.ofNullable(options.passwordFile),
              options.devKey == null ? OptionalInt.empty() : OptionalInt.of(options.devKey),
              fees),
          Optional.empty());
    }
    LocalnetLayout layout = LocalnetLayout.resolve(options.localnetDir);
    LocalnetState state =
        LocalnetState.load(layout)
            .orElseThrow(() -> new CliException(
                Floe.ExitCodes.UNREACHABLE,
                "no localnet found in " + layout.dir() + "; start one with './floe localnet up', or pass"
                    + " --deployment FILE (and --wallet/--password-file or --dev-key) for another network"));
    if (PidFile.live(layout.anvilPid(), layout.marker()).isEmpty()) {
      throw new CliException(
          Floe.ExitCodes.UNREACHABLE,
          "the localnet in " + layout.dir() + " is not running; start it with './floe localnet up'");
    }
    Path wallet = layout.dir().resolve(state.clientWallet());
    return new ClientContext(
        new ChainConnection(
            Optional.ofNullable(options.rpcUrl).or(() -> Optional.of(state.rpcUrl())),
            layout.deploymentFile(),
            options.devKey != null ? Optional.empty() : Optional.ofNullable(options.wallet).or(() -> Optional.of(wallet)),
            Optional.ofNullable(options.passwordFile).or(() -> Optional.of(layout.passwordFile())),
            options.devKey == null ? OptionalInt.empty() : OptionalInt.of(options.devKey),
            fees),
        Optional.of(state));
  }

  /**
   * Connects to the chain with the fee settings given; the caller closes it. Fee settings that do
   * not fit the connection (a bump delay below its receipt poll interval) are a usage error.
   */
  ControlPlane connect() {
    if (connection.walletKeystore().isEmpty() && connection.devKey().isEmpty()) {
      throw new CliException(Floe.ExitCodes.USAGE,
          "no wallet: give --wallet FILE (and --password-file or " + Keystores.PASSWORD_ENV + ") or --dev-key");
    }
    try {
      return connection.connect(ClientOptions.FEE_NAMES);
    } catch (FeeSettings.InvalidFeeSettingException e) {
      throw new CliException(Floe.ExitCodes.USAGE, e.getMessage());
    }
  }

  /**
   * Connects for reading only: with the wallet given (or the localnet's) when there is one, else with
   * a throwaway account that never sends a transaction, so that anyone can look at stakes and nodes
   * of a deployment without a wallet. The caller closes it.
   */
  ControlPlane connectReadOnly() {
    if (connection.walletKeystore().isPresent() || connection.devKey().isPresent()) {
      return connect();
    }
    Deployment deployment = Deployment.load(connection.deploymentFile());
    String url = connection.rpcUrl().or(deployment::rpcUrl).orElseThrow(() -> new CliException(Floe.ExitCodes.USAGE,
        "no RPC URL: give --rpc URL (the deployment file " + connection.deploymentFile() + " records none)"));
    EvmConfig evm;
    try {
      evm = connection.fees().applyTo(EvmConfig.forUrl(url), ClientOptions.FEE_NAMES);
    } catch (IllegalArgumentException e) {
      throw new CliException(Floe.ExitCodes.USAGE, e.getMessage());
    }
    return EvmControlPlane.connect(evm, deployment, EvmAccount.generate(new SecureRandom()));
  }

  /**
   * The chain connection settings, fee settings included, for a command that connects by itself
   * (the daemon); connect it with {@code connect(ClientOptions.FEE_NAMES)}.
   */
  ChainConnection connection() {
    return connection;
  }

  /** The localnet, when the command runs against one. */
  Optional<LocalnetState> localnet() {
    return localnet;
  }

  /** An SDK client over a fresh connection; closing the session closes both. */
  Session open(ClientConfig config) {
    ControlPlane controlPlane = connect();
    return new Session(controlPlane, new FloeClient(controlPlane, config));
  }

  /** What a command does with a session. */
  @FunctionalInterface
  interface SessionWork<T> {
    T run(Session session) throws Exception;
  }

  /**
   * Runs {@code work} in a fresh session with the default client settings and closes it; any failure
   * comes out as a {@link CliException} with the exit code scripts expect.
   */
  <T> T call(SessionWork<T> work) {
    try (Session session = open(ClientConfig.defaults())) {
      return work.run(session);
    } catch (Exception e) {
      throw ClientErrors.toCli(e);
    }
  }

  /** A control plane and a client over it. */
  record Session(ControlPlane controlPlane, FloeClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      controlPlane.close();
    }
  }
}
