package dev.floe.localnet;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.NodeRegistration;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.core.crypto.ProtocolKeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sets up a fresh localnet chain: deploys the contracts with anvil's first development key, creates
 * and funds the client and daemon wallets, and for every node creates its operator and protocol keys
 * (encrypted keystores), registers it with its REST address, stakes with it and writes its config.
 * Everything goes through the real control plane; only gas money comes from {@code
 * anvil_setBalance}.
 */
final class LocalnetBootstrap {
  /** Ether given to every generated account for gas. */
  static final BigInteger GAS_MONEY = BigInteger.TEN.pow(21);
  /** Tokens each node stakes with itself. */
  static final TokenAmount NODE_STAKE = TokenAmount.ofTokens(1_000_000);
  /** Tokens the client and daemon wallets get for storage payments. */
  static final TokenAmount WALLET_TOKENS = TokenAmount.ofTokens(100_000_000L);
  /** Node votes: prices in base units per MiB (per epoch for storage) and 1 TiB of capacity. */
  static final NodeVotes VOTES = new NodeVotes(TokenAmount.ofUnits(1000), TokenAmount.ofUnits(2000), 1L << 40);

  private final LocalnetLayout layout;
  private final String rpcUrl;
  private final Consumer<String> log;
  private final SecureRandom random = new SecureRandom();

  LocalnetBootstrap(LocalnetLayout layout, String rpcUrl, Consumer<String> log) {
    this.layout = layout;
    this.rpcUrl = rpcUrl;
    this.log = log;
  }

  /** The generated accounts of the localnet. */
  record Wallets(Path clientKeystore, EvmAccount client, Path daemonKeystore, EvmAccount daemon) {}

  /** A node's keys and ports. */
  record NodeSetup(int index, EvmAccount operator, int restPort, int metricsPort) {
    /** The node as the localnet state records it. */
    LocalnetState.NodeEntry entry() {
      return new LocalnetState.NodeEntry(index, LocalnetLayout.nodeName(index), LocalnetConfigs.restUrl(restPort),
          metricsPort, operator.address().toHex());
    }
  }

  /** Creates the password file the localnet's keystores share. */
  char[] createPassword() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String password = HexFormat.of().formatHex(bytes);
    try {
      Files.createDirectories(layout.dir());
      Files.writeString(layout.passwordFile(), password + "\n");
      try {
        Files.setPosixFilePermissions(layout.passwordFile(), PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the directory is private to the user anyway
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + layout.passwordFile(), e);
    }
    return password.toCharArray();
  }

  /** Deploys the contracts and saves the deployment file. */
  Deployment deploy(int nShards, Duration epochDuration) {
    log.accept("deploying contracts (" + nShards + " shards, epochs of " + epochDuration.toSeconds() + " s)");
    Deployment deployment =
        Deployer.deploy(EvmConfig.local(rpcUrl), EvmAccount.devAccount(0), DeploymentParameters.localnet(nShards, epochDuration));
    deployment.save(layout.deploymentFile());
    return deployment;
  }

  /** Creates and funds the client and daemon wallets. */
  Wallets createWallets(Deployment deployment, char[] password, AnvilRpc anvil) {
    EvmAccount client = EvmAccount.generate(random);
    EvmAccount daemon = EvmAccount.generate(random);
    Path clientFile = Keystores.saveAccount(client, layout.walletsDir().resolve("client"), password);
    Path daemonFile = Keystores.saveAccount(daemon, layout.walletsDir().resolve("daemon"), password);
    try (ControlPlane deployer = deployer(deployment)) {
      for (EvmAccount a : List.of(client, daemon)) {
        anvil.setBalance(a.address(), GAS_MONEY);
        deployer.transfer(a.address(), WALLET_TOKENS).join();
      }
    }
    log.accept("created client wallet " + client.address().toHex() + " and daemon wallet " + daemon.address().toHex());
    return new Wallets(clientFile, client, daemonFile, daemon);
  }

  /**
   * Creates node {@code index}'s keys, registers it, stakes {@code stake} (paid by {@code funder}) with
   * it, and writes its config. Returns its setup.
   */
  NodeSetup registerNode(
      Deployment deployment, ControlPlane funder, int index, char[] password, AnvilRpc anvil, TokenAmount stake) {
    EvmAccount operator = EvmAccount.generate(random);
    ProtocolKeyPair protocolKey = ProtocolKeyPair.generate(random);
    Path keys = layout.nodeKeys(index);
    Path walletFile = Keystores.saveAccount(operator, keys.resolve("wallet"), password);
    Path protocolFile = Keystores.saveProtocolKey(protocolKey, keys.resolve("protocol"), password);
    int restPort = FreePorts.pick();
    int metricsPort = FreePorts.pick();
    anvil.setBalance(operator.address(), GAS_MONEY);
    String name = LocalnetLayout.nodeName(index);
    funder.transfer(operator.address(), stake).join();
    try (ControlPlane cp = EvmControlPlane.connect(EvmConfig.local(rpcUrl), deployment, operator)) {
      cp.registerNode(new NodeRegistration(name, LocalnetConfigs.restUrl(restPort), 1000, VOTES), protocolKey).join();
      cp.stake(operator.address(), stake).join();
    }
    Path nodeDir = layout.nodeDir(index);
    LocalnetConfigs.writeNode(
        layout,
        new LocalnetConfigs.NodeSettings(
            index, restPort, metricsPort, rpcUrl,
            nodeDir.relativize(protocolFile).toString(), nodeDir.relativize(walletFile).toString()));
    log.accept("registered and staked " + name + " (" + operator.address().toHex() + ") at " + LocalnetConfigs.restUrl(restPort));
    return new NodeSetup(index, operator, restPort, metricsPort);
  }

  /** Most tokens one faucet call mints ({@code FloeToken.FAUCET_LIMIT}). */
  static final TokenAmount FAUCET_LIMIT = TokenAmount.ofTokens(1_000_000);

  /**
   * Mints tokens from the token faucet (localnets have it) to {@code funder}'s account until it holds
   * at least {@code needed}, at most {@link #FAUCET_LIMIT} per call.
   */
  static void topUp(ControlPlane funder, TokenAmount needed) {
    TokenAmount balance = funder.balanceOf(funder.account()).join();
    while (balance.compareTo(needed) < 0) {
      BigInteger missing = needed.units().subtract(balance.units());
      TokenAmount mint = new TokenAmount(missing.min(FAUCET_LIMIT.units()));
      funder.mintFromFaucet(mint).join();
      balance = balance.plus(mint);
    }
  }

  /** The deployer's control plane (anvil development key 0, holder of the initial token supply). */
  private ControlPlane deployer(Deployment deployment) {
    return EvmControlPlane.connect(EvmConfig.local(rpcUrl), deployment, EvmAccount.devAccount(0));
  }

  /** Registers {@code count} nodes, a few at a time. */
  List<NodeSetup> registerNodes(Deployment deployment, int count, char[] password, AnvilRpc anvil) {
    List<CompletableFuture<NodeSetup>> futures = new ArrayList<>();
    // one funder connection for every node: it hands out the deployer key's nonces in order, whereas
    // one connection per node would race on the same nonces
    try (ControlPlane funder = deployer(deployment);
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(CompletableFuture.supplyAsync(
            () -> registerNode(deployment, funder, index, password, anvil, NODE_STAKE), executor));
      }
      List<NodeSetup> setups = new ArrayList<>();
      for (CompletableFuture<NodeSetup> f : futures) {
        setups.add(f.join());
      }
      return setups;
    }
  }
}
