package dev.floe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options of every command that talks to a Floe deployment. Without any of them the command uses
 * the running localnet ({@code ./floe localnet up}); with {@code --deployment} it talks to any EVM
 * network that has a Floe deployment.
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
}
