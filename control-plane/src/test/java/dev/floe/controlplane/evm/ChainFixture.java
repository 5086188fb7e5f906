package dev.floe.controlplane.evm;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.NodeRegistration;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.TokenAmount;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import dev.floe.core.messages.Certificate;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import dev.floe.controlplane.BlobRegistration;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A deployed Floe system on a fresh anvil chain, with helpers to create funded node operators,
 * move epochs forward (by moving chain time, never by sleeping) and build certificates.
 */
final class ChainFixture implements AutoCloseable {
  static final Duration EPOCH = Duration.ofHours(1);
  static final TokenAmount STORAGE_PRICE = TokenAmount.ofUnits(1_000);
  static final TokenAmount WRITE_PRICE = TokenAmount.ofUnits(2_000);
  static final long CAPACITY = 1L << 40;

  /** A node operator with its own control plane and protocol key. */
  record TestNode(EvmAccount account, ProtocolKeyPair key, EvmControlPlane cp) {
    Address id() {
      return account.address();
    }
  }

  final AnvilNode anvil;
  final EvmConfig config;
  final Deployment deployment;
  final EvmControlPlane admin;
  final List<TestNode> nodes = new ArrayList<>();
  private final List<EvmControlPlane> extra = new ArrayList<>();
  private final SecureRandom random;

  ChainFixture(int nShards) {
    this(nShards, DeploymentParameters.localnet(nShards, EPOCH));
  }

  ChainFixture(int nShards, DeploymentParameters params) {
    anvil = AnvilNode.start();
    try {
      config = EvmConfig.local(anvil.rpcUrl());
      deployment = Deployer.deploy(config, EvmAccount.devAccount(0), params);
      admin = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0));
      random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(nShards * 7919L);
    } catch (Exception e) {
      anvil.close();
      throw new IllegalStateException(e);
    }
  }

  /** A new funded account (ETH for gas, tokens) with its own control plane. */
  EvmControlPlane newAccount(TokenAmount tokens) {
    EvmAccount account = EvmAccount.generate(random);
    anvil.setBalance(account.address().toHex(), BigInteger.TEN.pow(20));
    if (tokens.units().signum() > 0) {
      Await.result(admin.transfer(account.address(), tokens));
    }
    EvmControlPlane cp = EvmControlPlane.connect(config, deployment, account);
    extra.add(cp);
    accounts.put(cp, account);
    return cp;
  }

  /** Registers {@code stakes.length} nodes (in order) and stakes each its amount; returns them. */
  List<TestNode> addNodes(long... stakesInTokens) {
    List<CompletableFuture<TestNode>> pending = new ArrayList<>();
    List<TestNode> added = new ArrayList<>();
    for (long stake : stakesInTokens) {
      TestNode node = registerNode(TokenAmount.ofTokens(stake + 1_000));
      added.add(node);
      if (stake > 0) {
        pending.add(node.cp().stake(node.id(), TokenAmount.ofTokens(stake)).thenApply(s -> node));
      }
    }
    pending.forEach(Await::result);
    return added;
  }

  /** Registers one node funded with {@code tokens}, without stake. */
  TestNode registerNode(TokenAmount tokens) {
    EvmControlPlane cp = newAccount(tokens);
    EvmAccount account = accountOf(cp);
    ProtocolKeyPair key = ProtocolKeyPair.generate(random);
    int i = nodes.size();
    Await.result(cp.registerNode(new NodeRegistration("node-" + i, "127.0.0.1:" + (9000 + i), 1_000,
        new NodeVotes(STORAGE_PRICE, WRITE_PRICE, CAPACITY)), key));
    TestNode node = new TestNode(account, key, cp);
    nodes.add(node);
    return node;
  }

  private final Map<EvmControlPlane, EvmAccount> accounts = new HashMap<>();

  private EvmAccount accountOf(EvmControlPlane cp) {
    return accounts.get(cp);
  }

  EpochState state() {
    return Await.result(admin.epochState());
  }

  /** Ends genesis at once (the owner may) and starts epoch 1 with the staked nodes. */
  void startFirstEpoch() {
    Await.result(admin.endVoting());
    Await.result(admin.initiateEpochChange());
  }

  /** Moves chain time to the voting end of the current epoch and ends voting. */
  void endVoting() {
    EpochState s = state();
    warpTo(s.votingEndTime().getEpochSecond());
    Await.result(admin.endVoting());
  }

  /** Moves to the end of the current epoch and starts the next one (voting must have ended). */
  void initiateEpochChange() {
    EpochState s = state();
    warpTo(s.nextEpochChangeTime().getEpochSecond());
    Await.result(admin.initiateEpochChange());
  }

  /** A full epoch change: voting end, epoch change, every member reports sync done. */
  void advanceEpoch() {
    endVoting();
    initiateEpochChange();
    int epoch = state().epoch();
    CommitteeInfo committee = Await.result(admin.committee(epoch));
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (CommitteeMemberInfo m : committee.members()) {
      done.add(node(m.nodeId()).cp().epochSyncDone(epoch));
    }
    done.forEach(Await::result);
  }

  void warpTo(long timestamp) {
    long now = anvil.latestBlockTimestamp();
    if (timestamp > now) {
      anvil.increaseTime(timestamp - now);
    }
  }

  TestNode node(Address id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  /** A secp256k1 certificate over {@code message} signed by the given committee members. */
  static Certificate certificate(byte[] message, CommitteeInfo committee, List<TestNode> signers) {
    Map<Integer, byte[]> sigs = new HashMap<>();
    for (TestNode n : signers) {
      CommitteeMemberInfo m = committee.member(n.id()).orElseThrow();
      sigs.put(m.index(), n.key().sign(message));
    }
    return Certificate.ofSecp256k1(message, sigs);
  }

  /** Members of {@code committee} (as test nodes) in committee order until their weight reaches {@code weight}. */
  List<TestNode> signersWithWeight(CommitteeInfo committee, int weight) {
    List<TestNode> out = new ArrayList<>();
    int w = 0;
    for (CommitteeMemberInfo m : committee.members()) {
      if (w >= weight) {
        break;
      }
      out.add(node(m.nodeId()));
      w += m.weight();
    }
    return out;
  }

  /** A registration for a random blob of {@code size} bytes: a Merkle root over random pair hashes. */
  static BlobRegistration randomBlob(Random random, int nShards, long size, boolean deletable) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < nShards; i++) {
      byte[] leaf = new byte[64];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    Node root = MerkleTree.fromLeaves(leaves).root();
    return new BlobRegistration(BlobId.compute(EncodingType.RS2, size, root), root, size, EncodingType.RS2, deletable);
  }

  @Override
  public void close() {
    extra.forEach(EvmControlPlane::close);
    admin.close();
    anvil.close();
  }
}
