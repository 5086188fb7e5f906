package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.NodeRegistration;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.UnauthorizedException;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Node registration, stake activation and withdrawal timing, rewards and commission, price votes. */
class StakingTest {

  @Test
  void shouldActivateStakeInTheNextEpochOrTheOneAfterOnceTheCommitteeIsSelected() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      ChainFixture.TestNode n0 = nodes.get(0);
      EvmControlPlane staker = f.newAccount(TokenAmount.ofTokens(10_000));

      StakeInfo early = Await.result(staker.stake(n0.id(), TokenAmount.ofTokens(300)));
      assertThat(early.activationEpoch()).as("before voting ends: next epoch").isEqualTo(2);
      NodeInfo info = Await.result(f.admin.node(n0.id())).orElseThrow();
      assertThat(info.activeStake()).isEqualTo(TokenAmount.ofTokens(100));
      assertThat(info.nextEpochStake()).isEqualTo(TokenAmount.ofTokens(400));

      f.endVoting();
      StakeInfo late = Await.result(staker.stake(n0.id(), TokenAmount.ofTokens(500)));
      assertThat(late.activationEpoch()).as("after voting ended: the epoch after next").isEqualTo(3);
      CommitteeInfo next = Await.result(f.admin.committee(2));
      // epoch 2 counts 400 for node 0 (not the late 500): D'Hondt over 400,100,100,100 with cap 5
      assertThat(next.member(n0.id()).orElseThrow().weight())
          .isEqualTo(CommitteeReference.dHondt(new long[] {400, 100, 100, 100}, 10)[0]);

      f.initiateEpochChange();
      assertThat(Await.result(f.admin.node(n0.id())).orElseThrow().activeStake()).isEqualTo(TokenAmount.ofTokens(400));
      syncAll(f);
      f.advanceEpoch();
      assertThat(f.state().epoch()).isEqualTo(3);
      assertThat(Await.result(f.admin.node(n0.id())).orElseThrow().activeStake()).isEqualTo(TokenAmount.ofTokens(900));
    }
  }

  @Test
  void shouldTimeWithdrawalsAndPayOutNotYetActiveStakeFromItsActivationEpoch() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      ChainFixture.TestNode n1 = nodes.get(1);
      EvmControlPlane staker = f.newAccount(TokenAmount.ofTokens(10_000));
      StakeInfo s = Await.result(staker.stake(n1.id(), TokenAmount.ofTokens(1_000)));

      // not active yet and no committee counted it: it never counts, and is paid from its activation epoch
      StakeInfo pending = Await.result(staker.stake(n1.id(), TokenAmount.ofTokens(50)));
      TokenAmount before = Await.result(staker.balanceOf(staker.account()));
      StakeInfo cancelled = Await.result(staker.requestWithdrawal(pending.stakeId()));
      assertThat(cancelled.withdrawn()).isFalse();
      assertThat(cancelled.withdrawEpoch()).hasValue(2);
      assertThat(Await.result(f.admin.node(n1.id())).orElseThrow().nextEpochStake()).isEqualTo(TokenAmount.ofTokens(1_100));

      f.advanceEpoch(); // epoch 2: s is active
      assertThat(Await.result(staker.withdrawStake(pending.stakeId()))).as("principal, no rewards")
          .isEqualTo(TokenAmount.ofTokens(50));
      assertThat(Await.result(staker.balanceOf(staker.account()))).isEqualTo(before.plus(TokenAmount.ofTokens(50)));
      assertThat(Await.result(f.admin.node(n1.id())).orElseThrow().activeStake()).isEqualTo(TokenAmount.ofTokens(1_100));
      f.endVoting();
      StakeInfo requested = Await.result(staker.requestWithdrawal(s.stakeId()));
      assertThat(requested.withdrawEpoch()).as("after voting ended: the epoch after next").hasValue(4);
      assertThatThrownBy(() -> Await.result(staker.requestWithdrawal(s.stakeId())))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("WithdrawalAlreadyRequested"));
      assertThatThrownBy(() -> Await.result(staker.withdrawStake(s.stakeId())))
          .isInstanceOfSatisfying(RevertedException.class, e -> {
            assertThat(e.errorName()).isEqualTo("WithdrawalNotYetEffective");
            assertThat(e.arguments()).containsExactly("0x" + s.stakeId().toHex(), "4", "2");
          });
      EvmControlPlane thief = f.newAccount(TokenAmount.ZERO);
      assertThatThrownBy(() -> Await.result(thief.withdrawStake(s.stakeId())))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("NotStakeOwner"));
      f.initiateEpochChange();
      syncAll(f);
      // epoch 3 still counts it (committee 3 was selected with it)
      assertThat(Await.result(f.admin.node(n1.id())).orElseThrow().activeStake()).isEqualTo(TokenAmount.ofTokens(1_100));
      assertThat(Await.result(f.admin.node(n1.id())).orElseThrow().nextEpochStake()).isEqualTo(TokenAmount.ofTokens(100));
      f.advanceEpoch();
      assertThat(Await.result(f.admin.node(n1.id())).orElseThrow().activeStake()).isEqualTo(TokenAmount.ofTokens(100));
      TokenAmount paid = Await.result(staker.withdrawStake(s.stakeId()));
      assertThat(paid).isEqualTo(TokenAmount.ofTokens(1_000)).as("no storage was sold, so no rewards");
      assertThat(Await.result(staker.stakeInfo(s.stakeId())).orElseThrow().withdrawn()).isTrue();
    }
  }

  @Test
  void shouldDistributeRewardsByShardWeightWithCommission() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      List<StakeInfo> stakes = nodes.stream().map(n -> Await.result(n.cp().stakeInfo(stakeIdOf(f, n)))
          .orElseThrow()).toList();
      EvmControlPlane client = f.newAccount(TokenAmount.ofTokens(100_000));
      Prices prices = Await.result(client.prices());
      long size = 1_000_000;
      long encoded = new EncodingConfig(10).encodedLength(size);
      BlobObject blob = Await.result(client.reserveAndRegisterBlob(
          ChainFixture.randomBlob(new Random(1), 10, size, false), 1));
      BigInteger epochRewards = prices.reservationCost(encoded, 1).plus(prices.writeCost(encoded)).units();
      assertThat(blob.endEpoch()).isEqualTo(2);
      CommitteeInfo c = Await.result(f.admin.committee(1));
      f.addNodes(100); // keeps a committee for epoch 2 while the first four leave
      for (StakeInfo s : stakes) {
        Await.result(f.node(s.nodeId()).cp().requestWithdrawal(s.stakeId()));
      }
      f.advanceEpoch(); // rewards of epoch 1 are distributed; the stakes stop counting in epoch 2
      for (StakeInfo s : stakes) {
        ChainFixture.TestNode n = f.node(s.nodeId());
        BigInteger share = epochRewards.multiply(BigInteger.valueOf(c.member(n.id()).orElseThrow().weight()))
            .divide(BigInteger.TEN);
        BigInteger commission = share.multiply(BigInteger.valueOf(1_000)).divide(BigInteger.valueOf(10_000));
        BigInteger pool = share.subtract(commission);
        TokenAmount total = Await.result(n.cp().withdrawStake(s.stakeId()));
        BigInteger rewards = total.units().subtract(TokenAmount.ofTokens(100).units());
        assertThat(rewards).isBetween(pool.subtract(BigInteger.ONE), pool);
        assertThat(Await.result(n.cp().collectCommission()).units()).isEqualTo(commission);
      }
    }
  }

  @Test
  void shouldApplyACommissionRaiseOnlyFromWhenDelegatorsCouldHaveLeft() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      ChainFixture.TestNode n0 = nodes.get(0);
      EvmControlPlane delegator = f.newAccount(TokenAmount.ofTokens(1_000));
      StakeInfo delegated = Await.result(delegator.stake(n0.id(), TokenAmount.ofTokens(300)));
      f.advanceEpoch(); // epoch 2: the delegation counts
      EvmControlPlane client = f.newAccount(TokenAmount.ofTokens(100_000));
      Prices prices = Await.result(client.prices());
      long size = 1_000_000;
      long encoded = new EncodingConfig(10).encodedLength(size);
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(2), 10, size, false), 1));
      BigInteger epochRewards = prices.reservationCost(encoded, 1).plus(prices.writeCost(encoded)).units();
      int weight = Await.result(f.admin.committee(2)).member(n0.id()).orElseThrow().weight();

      // the operator raises its commission to 100 % just before epoch 2's rewards are paid
      f.endVoting();
      Await.result(n0.cp().setCommission(10_000));
      f.initiateEpochChange();
      syncAll(f);
      BigInteger share = epochRewards.multiply(BigInteger.valueOf(weight)).divide(BigInteger.TEN);
      BigInteger pool = share.subtract(share.multiply(BigInteger.valueOf(1_000)).divide(BigInteger.valueOf(10_000)));
      BigInteger expected = pool.multiply(BigInteger.valueOf(300)).divide(BigInteger.valueOf(400));
      assertThat(Await.result(delegator.stakeRewards(delegated.stakeId())).units())
          .as("epoch 2 is paid at the rate announced before it")
          .isBetween(expected.subtract(BigInteger.TWO), expected);
      assertThat(Await.result(f.admin.node(n0.id())).orElseThrow().commissionBps()).isEqualTo(1_000);
      // a withdrawal requested when the raise was announced would stop counting from epoch 4: so does the old rate
      f.advanceEpoch();
      assertThat(f.state().epoch()).isEqualTo(4);
      assertThat(Await.result(f.admin.node(n0.id())).orElseThrow().commissionBps()).isEqualTo(10_000);
    }
  }

  @Test
  void shouldSetPricesFromShardWeightedVotes() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100); // weights 3,3,2,2
      f.startFirstEpoch();
      long[] votes = {50, 10, 40, 20};
      for (int i = 0; i < 4; i++) {
        Await.result(nodes.get(i).cp().updateNodeVotes(new NodeVotes(TokenAmount.ofUnits(votes[i]),
            TokenAmount.ofUnits(votes[i] * 2), 1L << (30 + i))));
      }
      // ascending 10(w3) 20(w2) 40(w2) 50(w3): quorum 7 is reached at 40
      Prices p = Await.result(f.admin.prices());
      assertThat(p.storagePricePerUnit()).isEqualTo(TokenAmount.ofUnits(40));
      assertThat(p.writePricePerUnit()).isEqualTo(TokenAmount.ofUnits(80));
      // capacity per node scaled to the system: 2^30*10/3, 2^31*10/3, 2^32*10/2, 2^33*10/2; descending until weight 7
      assertThat(p.capacityBytes()).isEqualTo((1L << 31) * 10 / 3);
    }
  }

  @Test
  void shouldCheckRegistrationsAndProofsOfPossession() {
    try (ChainFixture f = new ChainFixture(10)) {
      ChainFixture.TestNode n = f.registerNode(TokenAmount.ofTokens(10));
      NodeInfo info = Await.result(f.admin.node(n.id())).orElseThrow();
      assertThat(info.protocolPublicKey()).isEqualTo(n.key().publicKey());
      assertThat(info.protocolKeyAddress().toBytes()).isEqualTo(n.key().address());
      assertThat(info.name()).isEqualTo("node-0");
      NodeRegistration reg = new NodeRegistration("again", "127.0.0.1:1", 0,
          new NodeVotes(TokenAmount.ofUnits(1), TokenAmount.ofUnits(1), 1));
      assertThatThrownBy(() -> Await.result(n.cp().registerNode(reg, ProtocolKeyPair.generate(new SecureRandom()))))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("NodeAlreadyRegistered"));
      EvmControlPlane copycat = f.newAccount(TokenAmount.ZERO);
      assertThatThrownBy(() -> Await.result(copycat.registerNode(reg, n.key())))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("DuplicateProtocolKey"));
      assertThatThrownBy(() -> Await.result(copycat.stake(f.admin.account(), TokenAmount.ofTokens(1))))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("NodeNotRegistered"));
      Await.result(n.cp().updateNodeMetadata("renamed", "10.0.0.1:9185"));
      Await.result(n.cp().setCommission(2_500));
      NodeInfo updated = Await.result(f.admin.node(n.id())).orElseThrow();
      assertThat(updated.name()).isEqualTo("renamed");
      assertThat(updated.networkAddress()).isEqualTo("10.0.0.1:9185");
      assertThat(updated.commissionBps()).as("a new rate applies from the next epoch").isEqualTo(1_000);
      assertThatThrownBy(() -> Await.result(n.cp().setCommission(10_001)))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("InvalidCommission"));
      ProtocolKeyPair rotated = ProtocolKeyPair.generate(new SecureRandom());
      Await.result(n.cp().rotateProtocolKey(rotated));
      assertThat(Await.result(f.admin.node(n.id())).orElseThrow().protocolKeyAddress().toBytes()).isEqualTo(rotated.address());
      assertThat(Await.result(f.admin.nodes())).hasSize(1);
    }
  }

  @Test
  void shouldRejectAProofOfPossessionForAnotherOperator() {
    try (ChainFixture f = new ChainFixture(10)) {
      EvmControlPlane a = f.newAccount(TokenAmount.ZERO);
      ProtocolKeyPair key = ProtocolKeyPair.generate(new SecureRandom());
      // a PoP signed for someone else's address must not register the key for this operator
      byte[] popForOther = key.sign(new dev.floe.core.messages.ProofOfPossessionMessage(
          0, f.admin.account().toBytes(), key.publicKey()).toBytes());
      try (EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(5))) {
        var staking = dev.floe.contracts.generated.FloeStaking.load(f.deployment.contracts().staking().toHex(),
            chain.web3j, chain.calls, new org.web3j.tx.gas.StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
        assertThatThrownBy(() -> Await.result(chain.send(f.deployment.contracts().staking().toHex(),
                staking.registerNode("x", "y", key.publicKey(), popForOther, BigInteger.ZERO, BigInteger.ONE,
                    BigInteger.ONE, BigInteger.ONE), "registerNode")))
            .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("InvalidProofOfPossession"));
        assertThatThrownBy(() -> Await.result(chain.send(f.deployment.contracts().staking().toHex(),
                staking.setSystem(a.account().toHex()), "setSystem")))
            .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("NotOwner"));
      }
      assertThatThrownBy(() -> Await.result(a.mintFromFaucet(TokenAmount.ofTokens(2_000_000))))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("FaucetLimitExceeded"));
      Await.result(a.mintFromFaucet(TokenAmount.ofTokens(5)));
      assertThat(Await.result(a.balanceOf(a.account()))).isEqualTo(TokenAmount.ofTokens(5));
    }
  }

  static dev.floe.controlplane.ObjectId stakeIdOf(ChainFixture f, ChainFixture.TestNode n) {
    return Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events().stream()
        .filter(e -> e instanceof dev.floe.controlplane.events.StakeDeposited d && d.nodeId().equals(n.id()))
        .map(e -> ((dev.floe.controlplane.events.StakeDeposited) e).stakeId())
        .findFirst().orElseThrow();
  }

  @Test
  void shouldApplyStakeChangesToNodesUntouchedForSeveralEpochs() {
    // stake changes apply lazily when a node is next touched, not by looping over every node at
    // each epoch change: views, committee selection and later changes must still see them on time
    try (ChainFixture f = new ChainFixture(12)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100);
      ChainFixture.TestNode a = nodes.get(0);
      f.startFirstEpoch();
      f.endVoting();
      Await.result(a.cp().stake(a.id(), TokenAmount.ofTokens(300))); // counts from epoch 3
      f.initiateEpochChange();
      syncAll(f);
      NodeInfo at2 = Await.result(f.admin.node(a.id())).orElseThrow();
      assertThat(at2.activeStake()).isEqualTo(TokenAmount.ofTokens(100));
      assertThat(at2.nextEpochStake()).isEqualTo(TokenAmount.ofTokens(400));
      f.advanceEpoch();
      assertThat(Await.result(f.admin.committee(3)).member(a.id()).orElseThrow().weight())
          .isEqualTo(CommitteeReference.dHondt(new long[] {400, 100, 100}, 12)[0]);
      f.advanceEpoch();
      f.advanceEpoch();
      assertThat(f.state().epoch()).isEqualTo(5);
      NodeInfo at5 = Await.result(f.admin.node(a.id())).orElseThrow();
      assertThat(at5.activeStake()).isEqualTo(TokenAmount.ofTokens(400));
      assertThat(at5.nextEpochStake()).isEqualTo(TokenAmount.ofTokens(400));
      // touching it now settles the old changes and schedules the new one
      Await.result(a.cp().stake(a.id(), TokenAmount.ofTokens(50)));
      NodeInfo after = Await.result(f.admin.node(a.id())).orElseThrow();
      assertThat(after.activeStake()).isEqualTo(TokenAmount.ofTokens(400));
      assertThat(after.nextEpochStake()).isEqualTo(TokenAmount.ofTokens(450));
      assertThat(Await.result(f.admin.activeSet())).filteredOn(m -> m.nodeId().equals(a.id()))
          .singleElement().satisfies(m -> assertThat(m.stake()).isEqualTo(TokenAmount.ofTokens(450)));
      f.advanceEpoch();
      assertThat(Await.result(f.admin.node(a.id())).orElseThrow().activeStake()).isEqualTo(TokenAmount.ofTokens(450));
      assertThat(Await.result(f.admin.committee(6)).member(a.id()).orElseThrow().weight())
          .isEqualTo(CommitteeReference.dHondt(new long[] {450, 100, 100}, 12)[0]);
    }
  }

  private static void syncAll(ChainFixture f) {
    int epoch = f.state().epoch();
    CommitteeInfo c = Await.result(f.admin.committee(epoch));
    for (var m : c.members()) {
      Await.result(f.node(m.nodeId()).cp().epochSyncDone(epoch));
    }
    assertThat(f.state().phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
  }
}
