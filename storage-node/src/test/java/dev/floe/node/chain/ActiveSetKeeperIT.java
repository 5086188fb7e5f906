package dev.floe.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.ActiveSetMember;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.node.StorageNode;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.keys.ProtocolKeySigner;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's own return to the active set, on a real anvil chain with an active set of two places:
 * a node evicted earlier (not the one evicted last, which the contract readmits by itself) whose
 * stake now outranks a member joins at the next check (by its running storage node's keeper), a
 * node with too little stake or none is told why, a member is left alone, and each epoch is acted on
 * once.
 */
class ActiveSetKeeperIT {
  private static final int N_SHARDS = 8;
  private static final long TIMEOUT = 60_000;

  @TempDir Path dir;
  private AnvilNode anvil;
  private EvmConfig evm;
  private Deployment deployment;
  private EvmControlPlane admin;
  private final List<EvmControlPlane> operators = new ArrayList<>();
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final java.util.Map<Address, EvmAccount> accounts = new java.util.HashMap<>();

  @BeforeEach
  void deploy() {
    anvil = AnvilNode.start();
    evm = EvmConfig.local(anvil.rpcUrl());
    // at most 2 nodes in the active set (and the committee), a minimum stake of 50 tokens
    deployment = Deployer.deploy(evm, EvmAccount.devAccount(0), new DeploymentParameters(N_SHARDS,
        Duration.ofHours(1), 53, TokenAmount.ofTokens(50), 2, 2, true));
    deployment.save(dir.resolve("deployment.json"));
    admin = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(0));
  }

  @AfterEach
  void stop() {
    operators.forEach(EvmControlPlane::close);
    if (admin != null) {
      admin.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void shouldBringAnOutrankingEvictedNodeBackAndExplainWhyOthersStayOut() throws Exception {
    EvmControlPlane a = register(0);
    EvmControlPlane b = register(1);
    EvmControlPlane c = register(2);
    EvmControlPlane idle = register(3); // registered, never staked
    StakeInfo aFirst = stake(a, 100);
    stake(b, 200);
    stake(c, 150); // evicts a
    stake(a, 100); // a has 200 now and evicts c, which becomes the one evicted last
    Await.result(admin.endVoting());
    Await.result(admin.initiateEpochChange());
    // a takes half its stake back: it stays a member with 100, now less than c's 150; c is not readmitted
    // by the contract (that happens only when a member leaves), it has to ask
    Await.result(a.requestWithdrawal(aFirst.stakeId()));
    assertThat(members()).isEqualTo(Set.of(a.account(), b.account()));

    ActiveSetJoin.Result member = ActiveSetJoin.attempt(b, b.account(), TIMEOUT);
    assertThat(member.outcome()).isEqualTo(ActiveSetJoin.Outcome.ALREADY_ACTIVE);
    assertThat(member.describe()).contains("already in the active set").contains("200 FLOE");
    ActiveSetJoin.Result broke = ActiveSetJoin.attempt(idle, idle.account(), TIMEOUT);
    assertThat(broke.outcome()).isEqualTo(ActiveSetJoin.Outcome.STAKE_BELOW_MINIMUM);
    assertThat(broke.threshold()).contains(TokenAmount.ofTokens(50));
    assertThat(broke.describe()).contains("the minimum is 50 FLOE");
    EvmAccount stranger = EvmAccount.generate(new SecureRandom());
    assertThat(ActiveSetJoin.attempt(admin, stranger.address(), TIMEOUT).outcome())
        .isEqualTo(ActiveSetJoin.Outcome.NOT_REGISTERED);
    assertThat(members()).as("nothing changed").isEqualTo(Set.of(a.account(), b.account()));

    // c's running node notices it outranks a member and joins by itself; a node with the keeper off does not
    StorageNode off = startNode(2, false);
    try {
      assertThat(off.activeSetKeeper()).isEmpty();
    } finally {
      off.close();
    }
    StorageNode node = startNode(2, true);
    try {
      ActiveSetKeeper nodeKeeper = node.activeSetKeeper().orElseThrow();
      Await.until("c's node joins the active set by itself", Duration.ofSeconds(30),
          () -> nodeKeeper.lastResult().isPresent());
      ActiveSetJoin.Result joined = nodeKeeper.lastResult().orElseThrow();
      assertThat(joined.outcome()).isEqualTo(ActiveSetJoin.Outcome.JOINED);
      assertThat(members()).isEqualTo(Set.of(b.account(), c.account()));
      assertThat(joined.stake()).contains(TokenAmount.ofTokens(150));
    } finally {
      node.close();
    }

    // a, evicted by c's return, now has too little: its keeper is told the lowest member's stake, once per epoch
    ActiveSetKeeper keeper = new ActiveSetKeeper("node-0", a, () -> 1, TIMEOUT);
    ActiveSetJoin.Result full = keeper.checkEpoch(1).orElseThrow();
    assertThat(full.outcome()).isEqualTo(ActiveSetJoin.Outcome.SET_FULL);
    assertThat(full.stake()).contains(TokenAmount.ofTokens(100));
    assertThat(full.threshold()).contains(TokenAmount.ofTokens(150));
    assertThat(full.describe()).contains("its 2 places are taken").contains("lowest member has 150 FLOE");
    assertThat(keeper.checkEpoch(1)).as("one attempt per epoch").isEmpty();
    stake(a, 60); // staking brings a back at once (160 > 150)
    assertThat(members()).contains(a.account());
    assertThat(keeper.checkEpoch(2).orElseThrow().outcome()).isEqualTo(ActiveSetJoin.Outcome.ALREADY_ACTIVE);
    keeper.close();
  }

  private Set<Address> members() {
    return Await.result(admin.activeSet()).stream().map(ActiveSetMember::nodeId).collect(Collectors.toSet());
  }

  private EvmControlPlane register(int i) {
    SecureRandom random = new SecureRandom();
    EvmAccount account = EvmAccount.generate(random);
    anvil.setBalance(account.address().toHex(), BigInteger.TEN.pow(20));
    Await.result(admin.transfer(account.address(), TokenAmount.ofTokens(1_000)));
    EvmControlPlane cp = EvmControlPlane.connect(evm, deployment, account);
    ProtocolKeyPair key = ProtocolKeyPair.generate(random);
    Await.result(cp.registerNode(new dev.floe.controlplane.NodeRegistration("node-" + i, "http://127.0.0.1:1", 1_000,
        new NodeVotes(TokenAmount.ofUnits(1_000), TokenAmount.ofUnits(2_000), 1L << 40)), key));
    operators.add(cp);
    keys.add(key);
    accounts.put(account.address(), account);
    return cp;
  }

  private static StakeInfo stake(EvmControlPlane node, long tokens) {
    return Await.result(node.stake(node.account(), TokenAmount.ofTokens(tokens)));
  }

  /** Starts operator {@code i}'s storage node on its own connection (the node closes it). */
  private StorageNode startNode(int i, boolean joinActiveSet) {
    StorageNodeConfig.Chain chain = new StorageNodeConfig.Chain(anvil.rpcUrl(), dir.resolve("deployment.json"), 0, 50L)
        .withJoinActiveSet(joinActiveSet);
    StorageNodeConfig config = new StorageNodeConfig("node-" + i, dir.resolve("node-" + i + "-" + joinActiveSet),
        new StorageNodeConfig.RestApi("127.0.0.1", 0, null), new StorageNodeConfig.Metrics(false, null, null), chain,
        null, null, null);
    EvmAccount account = accountOf(operators.get(i));
    ControlPlaneNodeChain nodeChain =
        new ControlPlaneNodeChain(EvmControlPlane.connect(evm, deployment, account), keys.get(i), 0, TIMEOUT);
    return StorageNode.create(config, nodeChain, new ProtocolKeySigner(keys.get(i)), null).start().join();
  }

  private EvmAccount accountOf(EvmControlPlane cp) {
    return accounts.get(cp.account());
  }
}
