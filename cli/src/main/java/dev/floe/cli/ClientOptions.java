package dev.floe.cli;

import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.FeeSettings;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of every command that talks to a Floe deployment. Without any of them the command uses
 * the running localnet ({@code ./floe localnet up}); with {@code --deployment} it talks to any EVM
 * network that has a Floe deployment. {@code --fee-cap}, {@code --fee-bump-after} and {@code
 * --fee-bump-percent} ({@link FeeOptions}) tune the fees of the transactions the command sends ({@link
 * FeeSettings}).
 */
final class ClientOptions {
  @Option(
      names = "--localnet-dir",
      paramLabel = "DIR",
      description = "the localnet to use (default: $FLOE_LOCALNET_DIR, else .floe-localnet at the repository root)")
  Path localnetDir;

  @Option(names = "--deployment", paramLabel = "FILE", description = "deployment file of a non-localnet deployment")
  Path deployment;

  @Option(names = "--rpc", paramLabel = "URL", description = "EVM JSON-RPC URL (default: the deployment's)")
  String rpcUrl;

  @Option(names = "--wallet", paramLabel = "FILE", description = "keystore of the paying wallet")
  Path wallet;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "file with the keystore password (default: env FLOE_KEY_PASSWORD)")
  Path passwordFile;

  @Option(names = "--dev-key", paramLabel = "I", description = "use anvil development key I (local chains only)")
  Integer devKey;

  @Mixin FeeOptions feeOptions = new FeeOptions();

  /** The option names of the fee settings, for error messages. */
  static final FeeSettings.Names FEE_NAMES = FeeOptions.NAMES;

  /** The fee settings given; fails with a usage error naming the bad option. */
  FeeSettings fees() {
    return feeOptions.fees();
  }

  /**
   * {@code --fee-cap}, {@code --fee-bump-after} and {@code --fee-bump-percent}: a mixin of its own so
   * that commands with their own chain options ({@code floe deploy}) take the same three.
   */
  static final class FeeOptions {
    /** The option names, for error messages. */
    static final FeeSettings.Names NAMES = new FeeSettings.Names("--fee-cap", "--fee-bump-after", "--fee-bump-percent");

    @Option(
        names = "--fee-cap",
        paramLabel = "PRICE",
        description = "the most gas price a transaction may offer, e.g. 50gwei, 1.5gwei or 1500000000wei"
            + " (default: no cap)")
    String feeCap;

    @Option(
        names = "--fee-bump-after",
        paramLabel = "DELAY",
        description = "send an unmined transaction again with higher fees after DELAY, e.g. 90s or 2m (default: 10s on"
            + " a loopback RPC URL, else 60s)")
    String feeBumpAfter;

    @Option(
        names = "--fee-bump-percent",
        paramLabel = "P",
        description = "raise the fees of each replacement by P percent, 10..1000 (default 15)")
    Integer feeBumpPercent;

    /** The fee settings given; fails with a usage error naming the bad option. */
    FeeSettings fees() {
      try {
        return FeeSettings.parse(feeCap, feeBumpAfter, feeBumpPercent, NAMES);
      } catch (IllegalArgumentException e) {
        throw new CliException(Floe.ExitCodes.USAGE, e.getMessage());
      }
    }

    /**
     * {@code base} with the fee settings given applied; fails with a usage error naming the option
     * that is malformed or does not fit {@code base}.
     */
    EvmConfig applyTo(EvmConfig base) {
      try {
        return fees().applyTo(base, NAMES);
      } catch (IllegalArgumentException e) {
        throw new CliException(Floe.ExitCodes.USAGE, e.getMessage());
      }
    }
  }
}
