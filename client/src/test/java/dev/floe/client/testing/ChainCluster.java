package dev.floe.client.testing;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.node.StorageNode;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.ControlPlaneNodeChain;
import dev.floe.node.chain.NodeRegistration;
import dev.floe.node.keys.ProtocolKeySigner;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real deployment for SDK tests: a fresh anvil chain with the contracts, and in-process storage
 * nodes on loopback (real RocksDB, real HTTP) that follow the chain through the EVM control plane.
 * Epochs move by warping chain time, never by sleeping. The blob owner is dev account 1.
 */
public final class ChainCluster implements AutoCloseable {
  /** Epoch length on the test chain (time is warped, never waited). */
  private static final Duration EPOCH = Duration.ofHours(1);

  private final Path dir;
  private final AnvilNode anvil;
  private final EvmConfig evm;
  private final Deployment deployment;
  private final EvmControlPlane admin;
  private final Vertx vertx = Vertx.vertx();
  private final List<EvmAccount> accounts = new ArrayList<>();
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<StorageNode> nodes = new ArrayList<>();
  private final List<FaultyNodeProxy> proxies = new ArrayList<>();

  /**
   * Deploys the contracts for {@code nShards} shards, registers and stakes {@code nodeCount} nodes,
   * starts them and begins epoch 1.
   */
  public ChainCluster(Path dir, int nodeCount, int nShards) {
    this(dir, nodeCount, nShards, 0);
  }

  /**
   * As {@link #ChainCluster(Path, int, int)}, with nodes {@code 0 .. proxied-1} registered on-chain at
   * the address of a {@link FaultyNodeProxy} in front of them (so clients and peers reach them through
   * it).
   */
  public ChainCluster(Path dir, int nodeCount, int nShards, int proxied) {
    this.dir = dir;
    this.anvil = AnvilNode.start();
    try {
      this.evm = EvmConfig.local(anvil.rpcUrl());
      this.deployment = Deployer.deploy(evm, EvmAccount.devAccount(0), DeploymentParameters.localnet(nShards, EPOCH));
      deployment.save(dir.resolve("deployment.json"));
      this.admin = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(0));
      Await.result(admin.transfer(EvmAccount.devAccount(1).address(), TokenAmount.ofTokens(1_000_000)));
      for (int i = 0; i < nodeCount; i++) {
        int port = freePort();
        int advertised = port;
        if (i < proxied) {
          FaultyNodeProxy proxy = new FaultyNodeProxy();
          proxy.forwardTo(port);
          proxies.add(proxy);
          advertised = proxy.port();
        }
        registerAndStake(port, advertised, 10_000);
      }
      Await.result(admin.endVoting());
      Await.result(admin.initiateEpochChange());
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(startNode(i));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Registers and stakes {@code stakeTokens} for one more node that is never started: on-chain it
   * has a loopback address where nothing listens, so it cannot serve, receive or sync anything. Its
   * stake counts from the next committee selection. Returns its node ID.
   */
  public Address registerAbsentNode(long stakeTokens) {
    int port = freePort();
    return registerAndStake(port, port, stakeTokens);
  }

  private Address registerAndStake(int port, int advertisedPort, long stakeTokens) {
    int i = accounts.size();
    SecureRandom random = new SecureRandom();
    EvmAccount account = EvmAccount.generate(random);
    anvil.setBalance(account.address().toHex(), BigInteger.TEN.pow(20));
    Await.result(admin.transfer(account.address(), TokenAmount.ofTokens(stakeTokens + 10_000)));
    accounts.add(account);
    keys.add(ProtocolKeyPair.generate(random));
    ports.add(port);
    try (ControlPlaneNodeChain chain = nodeChain(i)) {
      chain.registerNode(new NodeRegistration("node-" + i, "http://127.0.0.1:" + advertisedPort, 1_000,
          BigInteger.valueOf(1_000), BigInteger.valueOf(2_000), BigInteger.ONE.shiftLeft(40)));
      chain.stake(account.address().toBytes(), TokenAmount.ofTokens(stakeTokens).units());
    }
    return account.address();
  }

  /** A control plane for the blob owner (dev account 1, funded); the caller closes it. */
  public EvmControlPlane ownerConnection() {
    return EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(1));
  }

  /** The proxy in front of node {@code i} (only for the proxied nodes). */
  public FaultyNodeProxy proxy(int i) {
    return proxies.get(i);
  }

  /** The chain's epoch state. */
  public EpochState state() {
    return Await.result(admin.epochState());
  }

  /**
   * Warps to the end of voting, ends it, warps to the epoch end and starts the next epoch; returns
   * once every node follows the new epoch.
   */
  public int changeEpoch() {
    EpochState s = state();
    warpTo(s.votingEndTime().getEpochSecond());
    Await.result(admin.endVoting());
    warpTo(s.nextEpochChangeTime().getEpochSecond());
    Await.result(admin.initiateEpochChange());
    int next = s.epoch() + 1;
    for (StorageNode node : nodes) {
      Await.until(node.name() + " follows epoch " + next, Duration.ofSeconds(60),
          () -> node.chainState().current().epoch() >= next);
    }
    return next;
  }

  private StorageNode startNode(int i) {
    StorageNodeConfig config = new StorageNodeConfig("node-" + i, dir.resolve("node-" + i),
        new StorageNodeConfig.RestApi("127.0.0.1", ports.get(i), null),
        new StorageNodeConfig.Metrics(false, null, null),
        new StorageNodeConfig.Chain(anvil.rpcUrl(), dir.resolve("deployment.json"), 0, 50L),
        null, null, new StorageNodeConfig.Recovery(2, 20, 50L, 500L, 10_000L));
    StorageNode node = StorageNode.create(config, nodeChain(i), new ProtocolKeySigner(keys.get(i)), vertx);
    node.start().join();
    try {
      if (!node.events().awaitCaughtUp(Duration.ofSeconds(60))) {
        throw new IllegalStateException("node " + i + " did not catch up with the chain");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return node;
  }

  private ControlPlaneNodeChain nodeChain(int i) {
    return new ControlPlaneNodeChain(EvmControlPlane.connect(evm, deployment, accounts.get(i)), keys.get(i), 0, 60_000);
  }

  private void warpTo(long timestamp) {
    long now = anvil.latestBlockTimestamp();
    if (timestamp > now) {
      anvil.increaseTime(timestamp - now);
    }
  }

  private static int freePort() {
    return dev.floe.testkit.FreePorts.pick();
  }

  @Override
  public void close() {
    for (FaultyNodeProxy proxy : proxies) {
      proxy.close();
    }
    for (StorageNode node : nodes) {
      node.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
    if (admin != null) {
      admin.close();
    }
    anvil.close();
  }
}
