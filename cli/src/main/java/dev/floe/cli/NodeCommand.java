package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.node.NodeLauncher;
import dev.floe.node.StorageNode;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.ActiveSetJoin;
import dev.floe.node.chain.ChainException;
import dev.floe.node.chain.ControlPlaneNodeChain;
import dev.floe.node.chain.NodeRegistration;
import dev.floe.node.keys.NodeKeys;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floe node}: run a storage node from its YAML config, register it on-chain, stake with it,
 * put it back into the active set, show its on-chain status, change its commission, metadata and
 * votes, collect its commission, and create its encrypted key files. Secrets come from keystore files and a password file or
 * environment variable; nothing secret is printed.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run and operate a Floe storage node.",
    subcommands = {
      NodeCommand.Run.class,
      NodeCommand.Register.class,
      NodeCommand.Stake.class,
      NodeCommand.JoinActiveSet.class,
      NodeStatusCommand.class,
      OperatorCommands.SetCommission.class,
      OperatorCommands.CollectCommission.class,
      OperatorCommands.Update.class,
      NodeCommand.Keygen.class,
      CommandLine.HelpCommand.class
    })
public final class NodeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The node config option shared by the subcommands. */
  static final class ConfigOption {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
        description = "The node's YAML config file.")
    Path file;

    StorageNodeConfig load() {
      try {
        return StorageNodeConfig.load(file);
      } catch (StorageNodeConfig.ConfigException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
      }
    }
  }

  /** {@code floe node run --config F}: runs until interrupted (SIGINT/SIGTERM). */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the storage node until stopped.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print the node's endpoints as JSON once it runs")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
      StorageNodeConfig c = config.load();
      StorageNode node = chainCall(() -> NodeLauncher.launch(c));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.close();
        stopped.countDown();
      }, c.name() + "-shutdown"));
      if (json) {
        ObjectNode o = ClientOutput.JSON.createObjectNode().put("node", c.name()).put("restUrl", node.url());
        if (node.metricsPort() > 0) {
          o.put("metricsPort", node.metricsPort());
        }
        new ClientOutput(spec.commandLine().getOut(), true).printJson(o);
      } else {
        spec.commandLine().getOut().println("node " + c.name() + " running: REST " + node.url()
            + (node.metricsPort() > 0 ? ", metrics port " + node.metricsPort() : ""));
      }
      spec.commandLine().getOut().flush();
      stopped.await();
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe node register --config F}: registers the node with its operator wallet. */
  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register the node on-chain as a storage-node candidate.")
  static final class Register implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--network-address", paramLabel = "URL",
        description = "Public REST URL of the node (default: rest_api.public_url, else http://host:port).")
    String networkAddress;

    @Option(names = "--commission-bps", defaultValue = "1000", description = "Commission in basis points.")
    int commissionBps;

    @Option(names = "--storage-price", defaultValue = "1000",
        description = "Storage price vote, token base units per MiB per epoch.")
    BigInteger storagePrice;

    @Option(names = "--write-price", defaultValue = "2000", description = "Write price vote, base units per MiB.")
    BigInteger writePrice;

    @Option(names = "--capacity", defaultValue = "1099511627776", description = "Capacity vote in bytes.")
    BigInteger capacity;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      StorageNodeConfig c = config.load();
      String address = networkAddress;
      if (address == null) {
        if (c.restApi().publicUrl() == null && c.restApi().port() == 0) {
          throw new CliException(Floe.ExitCodes.USAGE,
              "rest_api.port is 0: give --network-address or set rest_api.public_url");
        }
        address = c.publicUrl(c.restApi().port());
      }
      NodeKeys keys = loadKeys(c);
      NodeRegistration reg = new NodeRegistration(c.name(), address, commissionBps, storagePrice, writePrice, capacity);
      try (ControlPlaneNodeChain chain = chainCall(() -> NodeLauncher.connect(c, keys))) {
        chainCall(() -> {
          chain.registerNode(reg);
          return null;
        });
      }
      String nodeId = keys.wallet().orElseThrow().address().toHex();
      if (json) {
        new ClientOutput(spec.commandLine().getOut(), true).printJson(ClientOutput.JSON.createObjectNode()
            .put("node", c.name()).put("nodeId", nodeId).put("protocolKeyAddress", keys.protocolKey().addressHex())
            .put("networkAddress", address).put("commissionBps", commissionBps)
            .put("storagePrice", storagePrice.toString()).put("writePrice", writePrice.toString())
            .put("capacity", capacity.toString()));
      } else {
        spec.commandLine().getOut().println("registered node " + c.name() + " (node ID " + nodeId
            + ", protocol key " + keys.protocolKey().addressHex() + ") at " + address);
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe node stake --config F --amount T}: stakes tokens from the operator wallet. */
  @Command(name = "stake", mixinStandardHelpOptions = true, description = "Stake tokens with a storage node.")
  static final class Stake implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--amount", required = true, paramLabel = "TOKENS",
        description = "Tokens to stake (up to 9 decimals).")
    BigDecimal amount;

    @Option(names = "--node", paramLabel = "0xADDRESS",
        description = "Node ID (operator address) to stake with; default: this node.")
    String node;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      StorageNodeConfig c = config.load();
      TokenAmount tokens = StakeFormat.amount(amount, "--amount");
      NodeKeys keys = loadKeys(c);
      dev.floe.controlplane.Address nodeId = node == null ? keys.wallet().orElseThrow().address()
          : StakeFormat.address(node, "--node");
      StakeInfo s;
      try (ControlPlaneNodeChain chain = chainCall(() -> NodeLauncher.connect(c, keys))) {
        s = ChainCalls.await(chain.controlPlane().stake(nodeId, tokens));
      }
      if (json) {
        new ClientOutput(spec.commandLine().getOut(), true).printJson(ClientOutput.JSON.createObjectNode()
            .put("nodeId", nodeId.toHex()).put("amount", amount.toPlainString()).put("units", tokens.units().toString())
            .put("stakeId", StakeFormat.id(s.stakeId())).put("activationEpoch", s.activationEpoch()));
      } else {
        spec.commandLine().getOut().println("staked " + amount.toPlainString() + " tokens with node " + nodeId.toHex()
            + ": stake " + StakeFormat.id(s.stakeId()) + ", counts from epoch " + s.activationEpoch());
      }
      return Floe.ExitCodes.OK;
    }
  }

  /**
   * {@code floe node join-active-set --config F}: puts the node (or {@code --node}) back into the
   * stake-bounded active set when its stake outranks the lowest member. A node that stays out (set
   * full, stake below the minimum, not registered) exits with {@link Floe.ExitCodes#REFUSED} and
   * says what it would take.
   */
  @Command(name = "join-active-set", mixinStandardHelpOptions = true,
      description = "Put the node back into the active set (the staked nodes committees are selected from) if its"
          + " stake now outranks the lowest member. A running node does this by itself at each epoch change"
          + " (chain.join_active_set).")
  static final class JoinActiveSet implements Callable<Integer> {
    @CommandLine.Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", paramLabel = "0xADDRESS",
        description = "Node ID (operator address) to put into the set; default: this node. Anyone may ask for any node.")
    String node;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      StorageNodeConfig c = config.load();
      NodeKeys keys = loadKeys(c);
      dev.floe.controlplane.Address nodeId;
      try {
        nodeId = node == null ? keys.wallet().orElseThrow().address() : dev.floe.controlplane.Address.parse(node);
      } catch (IllegalArgumentException e) {
        throw new CliException(Floe.ExitCodes.USAGE, "--node: " + e.getMessage());
      }
      ActiveSetJoin.Result r;
      try (ControlPlaneNodeChain chain = chainCall(() -> NodeLauncher.connect(c, keys))) {
        r = chainCall(() -> ActiveSetJoin.attempt(chain.controlPlane(), nodeId, NodeLauncher.CHAIN_TIMEOUT_MILLIS));
      }
      if (json) {
        ObjectNode o = ClientOutput.JSON.createObjectNode().put("nodeId", nodeId.toHex())
            .put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT)).put("member", r.isMember())
            .put("members", r.members()).put("maxMembers", r.maxMembers()).put("message", r.describe());
        r.stake().ifPresent(x -> o.put("stakeUnits", x.units().toString()));
        r.threshold().ifPresent(x -> o.put(r.outcome() == ActiveSetJoin.Outcome.SET_FULL ? "lowestMemberStakeUnits"
            : "minStakeUnits", x.units().toString()));
        new ClientOutput(spec.commandLine().getOut(), true).printJson(o);
      } else {
        spec.commandLine().getOut().println("node " + nodeId.toHex() + ": " + r.describe());
      }
      return r.isMember() ? Floe.ExitCodes.OK : Floe.ExitCodes.REFUSED;
    }
  }

  /** {@code floe node keygen --out DIR}: creates the protocol and wallet keystores. */
  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = "Create encrypted keystore files for a new node's protocol key and operator wallet.")
  static final class Keygen implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the keystore files.")
    Path out;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "File whose first line is the password (default: env FLOE_KEY_PASSWORD).")
    Path passwordFile;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      refuseExistingKeystore(out.resolve("protocol"));
      refuseExistingKeystore(out.resolve("wallet"));
      char[] password;
      try {
        password = Keystores.readPassword(Optional.ofNullable(passwordFile));
      } catch (ControlPlaneException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
      }
      try {
        SecureRandom random = new SecureRandom();
        ProtocolKeyPair protocol = ProtocolKeyPair.generate(random);
        EvmAccount wallet = EvmAccount.generate(random);
        Path protocolFile = Keystores.saveProtocolKey(protocol, out.resolve("protocol"), password);
        Path walletFile = Keystores.saveAccount(wallet, out.resolve("wallet"), password);
        if (json) {
          ObjectNode o = ClientOutput.JSON.createObjectNode();
          o.putObject("protocolKey").put("address", protocol.addressHex()).put("keystore", protocolFile.toString());
          o.putObject("wallet").put("address", wallet.address().toHex()).put("keystore", walletFile.toString());
          new ClientOutput(spec.commandLine().getOut(), true).printJson(o);
        } else {
          spec.commandLine().getOut().println("protocol key " + protocol.addressHex() + ": " + protocolFile);
          spec.commandLine().getOut().println("wallet " + wallet.address().toHex() + ": " + walletFile);
        }
        return Floe.ExitCodes.OK;
      } catch (ControlPlaneException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * Refuses (exit 3) a keystore folder that already holds a keystore file: a second key next to a
   * node's existing one would leave the operator guessing which one the node runs with.
   */
  static void refuseExistingKeystore(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (var files = Files.list(folder)) {
      Optional<Path> existing = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().findFirst();
      if (existing.isPresent()) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, folder + " already holds a keystore ("
            + existing.get().getFileName() + "); keygen never adds a second key next to a node's keys: choose"
            + " another --out folder");
      }
    } catch (IOException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, "cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The node's operator wallet connected to the chain of its config; the caller closes it. Bad
   * config or keys exit 3, an unreachable chain 6.
   */
  static ControlPlaneNodeChain operatorChain(StorageNodeConfig c) {
    NodeKeys keys = loadKeys(c);
    return chainCall(() -> NodeLauncher.connect(c, keys));
  }

  private static NodeKeys loadKeys(StorageNodeConfig c) {
    try {
      return NodeLauncher.keys(c);
    } catch (ControlPlaneException | StorageNodeConfig.ConfigException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
  }

  private static <T> T chainCall(Callable<T> call) {
    try {
      return call.call();
    } catch (ChainException | ControlPlaneException e) {
      Throwable cause = e instanceof ChainException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof java.io.IOException) {
        throw new CliException(Floe.ExitCodes.UNREACHABLE, ClientErrors.withChainHint(e.getMessage()), e);
      }
      String message = cause instanceof dev.floe.controlplane.ChainUnavailableException
          ? ClientErrors.withChainHint(e.getMessage()) : e.getMessage();
      throw new CliException(ClientErrors.toCli(cause).exitCode(), message, e);
    } catch (StorageNodeConfig.ConfigException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new CliException(Floe.ExitCodes.FAILURE, e.getMessage(), e);
    }
  }
}
