package dev.floe.cli;

import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.InvalidDeploymentException;
import dev.floe.controlplane.KeyLoadingException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.Keystores;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code floe deploy --rpc URL --key-file F [--password-file P] --n-shards N --epoch-duration D
 * --out deployment.json}: deploys the Floe contracts to an EVM chain and writes the deployment file
 * every other component reads. The keystore password comes from {@code --password-file} or the
 * {@code FLOE_KEY_PASSWORD} environment variable; for a local chain {@code --dev-key I} uses one of
 * anvil's public development keys instead (the only plain key accepted). {@code --fee-cap}, {@code
 * --fee-bump-after} and {@code --fee-bump-percent} tune the fees of the deployment transactions as
 * for every other command ({@link ClientOptions.FeeOptions}).
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = "Deploy the Floe contracts (token, staking, system) and write the deployment file.")
public final class DeployCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  @Option(names = "--rpc", required = true, paramLabel = "URL", description = "JSON-RPC endpoint of the chain")
  String rpcUrl;

  @ArgGroup(exclusive = true, multiplicity = "1")
  KeySource key;

  static final class KeySource {
    @Option(names = "--key-file", paramLabel = "FILE", description = "encrypted keystore file of the deploying account")
    Path keyFile;

    @Option(names = "--dev-key", paramLabel = "I",
        description = "use anvil's public development key I (0-9); local chains only")
    Integer devKey;
  }

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "file holding the keystore password (else env FLOE_KEY_PASSWORD)")
  Path passwordFile;

  @Option(names = "--n-shards", required = true, paramLabel = "N", description = "number of shards (e.g. 100 locally, 1000 like Walrus)")
  int nShards;

  @Option(names = "--epoch-duration", required = true, paramLabel = "D",
      description = "epoch length: seconds, or with a unit (90s, 10m, 2h, 1d), or ISO-8601 (PT1H)")
  String epochDuration;

  @Option(names = "--out", defaultValue = "deployment.json", paramLabel = "FILE", description = "where to write the deployment file (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--max-epochs-ahead", defaultValue = "53", paramLabel = "E", description = "how far ahead storage can be bought (default: ${DEFAULT-VALUE})")
  int maxEpochsAhead;

  @Option(names = "--min-stake", defaultValue = "0.000000001", paramLabel = "TOKENS", description = "smallest stake for committee selection, in tokens (default: ${DEFAULT-VALUE})")
  BigDecimal minStake;

  @Option(names = "--max-committee-size", defaultValue = "150", paramLabel = "M", description = "most nodes in a committee (default: ${DEFAULT-VALUE})")
  int maxCommitteeSize;

  @Option(names = {"--max-active-nodes", "--max-nodes"}, defaultValue = "300", paramLabel = "M",
      description = "most staked nodes in the active set, the committee candidates (default: ${DEFAULT-VALUE});"
          + " registration itself is unbounded")
  int maxNodes;

  @Option(names = "--slashing-bps", defaultValue = "1000", paramLabel = "BPS",
      description = "part of a node's stake slashed (burned) when it fails its storage challenge, in basis points"
          + " 0..10000; 0 disables slashing (default: ${DEFAULT-VALUE} = 10 %%)")
  int slashingBps;

  @Option(names = "--faucet", negatable = true,
      description = "let anyone mint test tokens (default: on for --dev-key, off otherwise)")
  Boolean faucet;

  @Option(names = "--json", description = "print the deployment as JSON")
  boolean json;

  @Mixin ClientOptions.FeeOptions fees;

  @Override
  public Integer call() {
    DeploymentParameters params;
    try {
      params = new DeploymentParameters(nShards, parseDuration(epochDuration), maxEpochsAhead,
          new TokenAmount(minStake.movePointRight(TokenAmount.DECIMALS).toBigIntegerExact()), maxCommitteeSize, maxNodes,
          faucet != null ? faucet : key.devKey != null, slashingBps);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CliException(Floe.ExitCodes.USAGE, "invalid deployment parameters: " + e.getMessage());
    }
    EvmConfig base;
    try {
      base = EvmConfig.forUrl(rpcUrl);
    } catch (IllegalArgumentException e) {
      throw new CliException(Floe.ExitCodes.USAGE, "--rpc: " + e.getMessage());
    }
    EvmConfig chain = fees.applyTo(base);
    EvmAccount account = account();
    Deployment deployment;
    try {
      deployment = Deployer.deploy(chain, account, params);
    } catch (ChainUnavailableException e) {
      throw new CliException(Floe.ExitCodes.UNREACHABLE, e.getMessage(), e);
    } catch (ControlPlaneException e) {
      throw new CliException(Floe.ExitCodes.FAILURE, "deployment failed: " + e.getMessage(), e);
    }
    try {
      deployment.save(out);
    } catch (InvalidDeploymentException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, "contracts deployed on chain " + deployment.chainId()
          + " (system " + deployment.contracts().system().toHex() + ") but " + e.getMessage(), e);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (key.devKey != null && deployment.chainId() != 31337 && deployment.chainId() != 1337) {
      spec.commandLine().getErr().println("warning: deployed with a public development key on chain " + deployment.chainId());
    }
    if (json) {
      stdout.print(deployment.toJson());
      stdout.flush();
    } else {
      Map<String, String> lines = new LinkedHashMap<>();
      lines.put("chain", Long.toString(deployment.chainId()));
      lines.put("deployer", deployment.deployer().toHex());
      lines.put("token", deployment.contracts().token().toHex());
      lines.put("staking", deployment.contracts().staking().toHex());
      lines.put("system", deployment.contracts().system().toHex());
      lines.put("shards", Integer.toString(params.nShards()));
      lines.put("epoch", params.epochDuration().toString());
      lines.put("faucet", params.faucetEnabled() ? "on" : "off");
      lines.put("slashing", params.slashingBps() + " bps");
      lines.put("written", out.toAbsolutePath().toString());
      stdout.println("deployed Floe");
      lines.forEach((k, v) -> stdout.printf("  %-9s %s%n", k, v));
      stdout.flush();
    }
    return Floe.ExitCodes.OK;
  }

  private EvmAccount account() {
    try {
      if (key.devKey != null) {
        return EvmAccount.devAccount(key.devKey);
      }
      char[] password = Keystores.readPassword(Optional.ofNullable(passwordFile));
      try {
        return Keystores.loadAccount(key.keyFile, password);
      } finally {
        Arrays.fill(password, '\0');
      }
    } catch (KeyLoadingException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
  }

  /** Parses {@code 90}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT1H}. */
  static Duration parseDuration(String text) {
    String t = text.strip();
    Matcher m = SIMPLE_DURATION.matcher(t);
    if (m.matches()) {
      long v = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      return switch (unit) {
        case "m" -> Duration.ofMinutes(v);
        case "h" -> Duration.ofHours(v);
        case "d" -> Duration.ofDays(v);
        default -> Duration.ofSeconds(v);
      };
    }
    try {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("epoch duration '" + text + "' is not like 90s, 10m, 2h, 1d or PT1H");
    }
  }
}
