package dev.floe.node.testing;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.SignedMessage;
import dev.floe.node.StorageNode;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.ControlPlaneNodeChain;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.chain.NodeRegistration;
import dev.floe.node.keys.ProtocolKeySigner;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Floe deployment on a fresh anvil chain with in-process storage nodes on loopback: every
 * node talks to the chain through the real EVM control plane ({@link ControlPlaneNodeChain}),
 * registers and stakes through it, and stores in its own RocksDB folder. Epochs move by moving
 * chain time, never by sleeping.
 */
public final class AnvilCluster implements AutoCloseable {
  /** Epoch length on the test chain (time is warped, never waited). */
  public static final Duration EPOCH = Duration.ofHours(1);

  private final Path dir;
  private final int nShards;
  private final AnvilNode anvil;
  private final EvmConfig evm;
  private final Deployment deployment;
  private final EvmControlPlane admin;
  private final EvmControlPlane owner;
  private final Vertx vertx = Vertx.vertx();
  private final List<EvmAccount> accounts = new ArrayList<>();
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final List<Integer> ports;
  private final StorageNode[] nodes;
  private final StorageNodeConfig.Limits limits;
  private volatile StorageNodeConfig.Challenges challenges;

  /** Deploys the contracts and registers and stakes {@code nodeCount} nodes (through the node adapter). */
  public AnvilCluster(Path dir, int nodeCount, int nShards) {
    this(dir, nodeCount, nShards, null);
  }

  /** As {@link #AnvilCluster(Path, int, int)}, every node with {@code limits} (null = defaults). */
  public AnvilCluster(Path dir, int nodeCount, int nShards, StorageNodeConfig.Limits limits) {
    this(dir, nodeCount, nShards, limits, nodeCount);
  }

  /**
   * As {@link #AnvilCluster(Path, int, int, StorageNodeConfig.Limits)}, but only the first {@code
   * staked} nodes stake; the others are registered candidates without stake (they join a committee
   * once they {@link #stake}).
   */
  public AnvilCluster(Path dir, int nodeCount, int nShards, StorageNodeConfig.Limits limits, int staked) {
    this.dir = dir;
    this.limits = limits;
    this.nShards = nShards;
    this.anvil = AnvilNode.start();
    this.evm = EvmConfig.local(anvil.rpcUrl());
    this.deployment = Deployer.deploy(evm, EvmAccount.devAccount(0), DeploymentParameters.localnet(nShards, EPOCH));
    deployment.save(dir.resolve("deployment.json"));
    this.admin = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(0));
    this.owner = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(1));
    Await.result(admin.transfer(EvmAccount.devAccount(1).address(), TokenAmount.ofTokens(1_000_000)));
    this.ports = FreePorts.allocate(nodeCount);
    this.nodes = new StorageNode[nodeCount];
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < nodeCount; i++) {
      EvmAccount account = EvmAccount.generate(random);
      anvil.setBalance(account.address().toHex(), BigInteger.TEN.pow(20));
      Await.result(admin.transfer(account.address(), TokenAmount.ofTokens(20_000)));
      accounts.add(account);
      keys.add(ProtocolKeyPair.generate(random));
      try (ControlPlaneNodeChain chain = nodeChain(i)) {
        chain.registerNode(new NodeRegistration("node-" + i, url(i), 1_000, BigInteger.valueOf(1_000),
            BigInteger.valueOf(2_000), BigInteger.ONE.shiftLeft(40)));
        if (i < staked) {
          chain.stake(account.address().toBytes(), TokenAmount.ofTokens(10_000).units());
        }
      }
    }
  }

  /** Node {@code i}'s operator stakes {@code tokens} tokens with its own node (funded as needed). */
  public void stake(int i, long tokens) {
    fund(accounts.get(i).address(), tokens);
    try (ControlPlaneNodeChain chain = nodeChain(i)) {
      chain.stake(accounts.get(i).address().toBytes(), TokenAmount.ofTokens(tokens).units());
    }
  }

  /** Gives {@code account} gas money and {@code tokens} tokens from the deployer. */
  public void fund(dev.floe.controlplane.Address account, long tokens) {
    anvil.setBalance(account.toHex(), BigInteger.TEN.pow(20));
    Await.result(admin.transfer(account, TokenAmount.ofTokens(tokens)));
  }

  /** Ends genesis at once and starts epoch 1 with the staked nodes. */
  public void startFirstEpoch() {
    Await.result(admin.endVoting());
    Await.result(admin.initiateEpochChange());
  }

  /** Warps to the voting end, ends voting, warps to the epoch end and starts the next epoch. */
  public void changeEpoch() {
    EpochState s = state();
    warpTo(s.votingEndTime().getEpochSecond());
    Await.result(admin.endVoting());
    warpTo(s.nextEpochChangeTime().getEpochSecond());
    Await.result(admin.initiateEpochChange());
  }

  public EpochState state() {
    return Await.result(admin.epochState());
  }

  /** The current committee as the nodes see it. */
  public NodeCommittee committee() {
    try (ControlPlaneNodeChain c = nodeChain(0)) {
      return c.currentCommittee();
    }
  }

  /** A fresh node view of the chain for node {@code i}. */
  public ControlPlaneNodeChain nodeChain(int i) {
    return new ControlPlaneNodeChain(EvmControlPlane.connect(evm, deployment, accounts.get(i)), keys.get(i), 0, 60_000);
  }

  public String url(int i) {
    return "http://127.0.0.1:" + ports.get(i);
  }

  /** Node {@code i}'s operator wallet. */
  public EvmAccount account(int i) {
    return accounts.get(i);
  }

  /** The deployment. */
  public Deployment deployment() {
    return deployment;
  }

  public ProtocolKeyPair key(int i) {
    return keys.get(i);
  }

  /** The cluster index of committee member {@code m} (matched by protocol key). */
  public int indexOf(dev.floe.node.chain.CommitteeMember m) {
    for (int i = 0; i < keys.size(); i++) {
      if (m.hasProtocolAddress(keys.get(i).address())) {
        return i;
      }
    }
    throw new IllegalArgumentException("committee member " + m.name() + " is not a node of this cluster");
  }

  public StorageNode node(int i) {
    return nodes[i];
  }

  public AnvilNode anvil() {
    return anvil;
  }

  /** The blob owner's control plane (a funded dev account). */
  public EvmControlPlane owner() {
    return owner;
  }

  /** Storage challenge settings of nodes started from now on (null: the defaults). */
  public void setChallenges(StorageNodeConfig.Challenges challenges) {
    this.challenges = challenges;
  }

  /** Node {@code i}'s config (RocksDB under the cluster folder). */
  public StorageNodeConfig config(int i) {
    return new StorageNodeConfig("node-" + i, dir.resolve("node-" + i),
        new StorageNodeConfig.RestApi("127.0.0.1", ports.get(i), null),
        new StorageNodeConfig.Metrics(true, "127.0.0.1", 0),
        new StorageNodeConfig.Chain(anvil.rpcUrl(), dir.resolve("deployment.json"), 0, 50L),
        null, limits, new StorageNodeConfig.Recovery(2, 20, 50L, 500L, 10_000L), null, challenges);
  }

  /** Starts node {@code i} on its data folder and waits until it caught up with the chain. */
  public StorageNode start(int i) {
    return start(i, chain -> chain);
  }

  /**
   * Starts node {@code i} on its data folder with its chain view passed through {@code wrap} (a
   * test hook that observes what the node asks the chain), and waits until it caught up.
   */
  public StorageNode start(int i, java.util.function.UnaryOperator<NodeChain> wrap) {
    StorageNode node = startWithoutWaiting(i, wrap);
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

  /**
   * Starts node {@code i} like {@link #start(int, java.util.function.UnaryOperator)} but returns at
   * once, without waiting for it to catch up with the chain (for nodes expected not to).
   */
  public StorageNode startWithoutWaiting(int i, java.util.function.UnaryOperator<NodeChain> wrap) {
    StorageNode node = StorageNode.create(config(i), wrap.apply(nodeChain(i)), new ProtocolKeySigner(keys.get(i)), vertx);
    node.start().join();
    nodes[i] = node;
    return node;
  }

  /** Stops node {@code i}; its data folder stays. */
  public void stop(int i) {
    if (nodes[i] != null) {
      nodes[i].close();
      nodes[i] = null;
    }
  }

  /** Registers the blob for {@code epochs} epochs from the owner account. */
  public BlobObject register(EncodedBlob blob, int epochs, boolean deletable) {
    BlobRegistration r = new BlobRegistration(blob.blobId(), blob.metadata().metadata().computeRoot(),
        blob.metadata().unencodedLength(), blob.metadata().metadata().encodingType(), deletable);
    return Await.result(owner.reserveAndRegisterBlob(r, epochs));
  }

  /** Certifies with the given confirmations (member index to signed confirmation). */
  public BlobObject certify(BlobObject blob, Map<Integer, SignedMessage> confirmations) {
    byte[] message = confirmations.values().iterator().next().message();
    Map<Integer, byte[]> sigs = new java.util.TreeMap<>();
    confirmations.forEach((i, m) -> sigs.put(i, m.signature()));
    return Await.result(owner.certifyBlob(blob.objectId(), Certificate.ofSecp256k1(message, sigs)));
  }

  /**
   * Registers {@code blob} for {@code epochs} epochs, uploads it to every member of {@code committee},
   * certifies it with their confirmations, and waits until each running node saw the certification.
   */
  public BlobObject storeAndCertify(TestClient client, NodeCommittee committee, EncodedBlob blob, int epochs) {
    BlobObject registered = register(blob, epochs, false);
    client.store(blob, committee, List.of(), false);
    BlobObject certified = certify(registered, client.confirmations(blob.blobId(), committee));
    for (int i = 0; i < nodes.length; i++) {
      StorageNode n = nodes[i];
      if (n != null) {
        int index = i;
        Await.until("node " + index + " sees the certification of " + blob.blobId(), Duration.ofSeconds(20),
            () -> n.store().blobInfo(blob.blobId()).map(info -> info.isCertifiedAt(committee.epoch())).orElse(false));
      }
    }
    return certified;
  }

  private void warpTo(long timestamp) {
    long now = anvil.latestBlockTimestamp();
    if (timestamp > now) {
      anvil.increaseTime(timestamp - now);
    }
  }

  public int nShards() {
    return nShards;
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      stop(i);
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
    owner.close();
    admin.close();
    anvil.close();
  }

  /** Every event of type {@code type} the contracts emitted since the deployment, in chain order. */
  public <T extends ChainEvent> List<T> chainEvents(Class<T> type) {
    List<T> out = new ArrayList<>();
    EventId from = deployment().startCursor();
    for (int page = 0; page < 50; page++) {
      EventPage p = Await.result(owner().fetchEvents(from, 0, 5_000));
      for (ChainEvent e : p.events()) {
        if (type.isInstance(e)) {
          out.add(type.cast(e));
        }
      }
      if (p.cursor().compareTo(from) <= 0) {
        break;
      }
      from = p.cursor();
    }
    return out;
  }

  /** Waits (up to a minute) until the chain is in {@code epoch} with its epoch change done. */
  public void awaitEpochChangeDone(long epoch) {
    Await.until("epoch change to " + epoch + " done", Duration.ofSeconds(60),
        () -> state().epoch() == epoch && state().phase() == EpochPhase.EPOCH_CHANGE_DONE);
  }
}
