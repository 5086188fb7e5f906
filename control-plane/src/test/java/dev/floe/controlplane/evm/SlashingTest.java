package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.StakeSlashed;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint96;

/**
 * Principal slashing on a real anvil chain: a storage-challenge failure reported with f+1 shard
 * weight takes slashingBps of the stake that backed the node in that epoch, shared pro rata by the
 * positions that counted then (pending withdrawals included, later activations not), lowers the
 * node's stake for the next committee, and burns the slashed tokens.
 */
class SlashingTest {
  private static final int N = 10;
  private static final Address BURN = Address.parse("0x000000000000000000000000000000000000dEaD");

  private static TokenAmount tokens(long t) {
    return TokenAmount.ofTokens(t);
  }

  private static BigInteger units(long t) {
    return tokens(t).units();
  }

  /** Reports that {@code target} failed its challenge in the current epoch {@code epoch}, signed by others. */
  private static void reportFailure(ChainFixture f, EvmControlPlane reporter, Address target, int epoch) {
    CommitteeInfo c = Await.result(reporter.committee(epoch));
    byte[] message = new ChallengeFailureMessage(epoch, target.toBytes()).toBytes();
    int validity = (N - 1) / 3 + 1;
    Await.result(reporter.reportChallengeFailure(ChainFixture.certificate(message, c,
        StorageChallengeTest.signersOtherThan(f, c, target, validity))));
  }

  private static List<StakeSlashed> slashEvents(ChainFixture f) {
    List<ChainEvent> events = Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events();
    return events.stream().filter(e -> e instanceof StakeSlashed).map(e -> (StakeSlashed) e).toList();
  }

  private static BigInteger principal(EvmControlPlane cp, ObjectId stakeId) {
    StakeInfo s = Await.result(cp.stakeInfo(stakeId)).orElseThrow();
    return s.principal().units();
  }

  @Test
  void shouldSlashTheStakeThatBackedTheNodeProRataAndBurnIt() {
    DeploymentParameters params = DeploymentParameters.localnet(N, ChainFixture.EPOCH).withSlashingBps(1_000);
    try (ChainFixture f = new ChainFixture(N, params)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      ObjectId own = StakingTest.stakeIdOf(f, x);
      EvmControlPlane early = f.newAccount(tokens(1_000));
      ObjectId earlyStake = Await.result(early.stake(x.id(), tokens(300))).stakeId(); // counts from epoch 1
      f.startFirstEpoch();
      EvmControlPlane late = f.newAccount(tokens(1_000));
      ObjectId lateStake = Await.result(late.stake(x.id(), tokens(50))).stakeId(); // counts from epoch 2
      assertThat(Await.result(x.cp().requestWithdrawal(own)).withdrawEpoch()).hasValue(2); // still backs epoch 1
      EvmControlPlane client = f.newAccount(tokens(100_000)); // pays storage, hence rewards, for epochs 1..5
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(3), N, 1_000_000, false), 5));
      BigInteger burnedBefore = Await.result(f.admin.balanceOf(BURN)).units();
      List<BigInteger> memberBalances = nodes.stream()
          .map(n -> Await.result(f.admin.balanceOf(n.id())).units()).toList();

      reportFailure(f, f.admin, x.id(), 1);

      // 10 % of the 400 tokens that backed x in epoch 1, shared 300 : 100
      assertThat(slashEvents(f)).singleElement().satisfies(e -> {
        assertThat(e.epoch()).isEqualTo(1);
        assertThat(e.nodeId()).isEqualTo(x.id());
        assertThat(e.amount()).isEqualTo(tokens(40));
      });
      assertThat(Await.result(f.admin.slashedStake(x.id()))).isEqualTo(tokens(40));
      assertThat(principal(f.admin, earlyStake)).isEqualTo(units(270));
      assertThat(principal(f.admin, own)).as("the pending withdrawal backed epoch 1 too").isEqualTo(units(90));
      assertThat(principal(f.admin, lateStake)).as("activated after epoch 1").isEqualTo(units(50));
      assertThat(Await.result(f.admin.stakeInfo(earlyStake)).orElseThrow().amount()).isEqualTo(tokens(300));
      NodeInfo after = Await.result(f.admin.node(x.id())).orElseThrow();
      assertThat(after.activeStake()).isEqualTo(tokens(360));
      assertThat(after.nextEpochStake()).as("270 + 50: the withdrawal leaves at its slashed value")
          .isEqualTo(tokens(320));
      assertThat(Await.result(f.admin.activeSet()).stream().filter(m -> m.nodeId().equals(x.id())))
          .singleElement().satisfies(m -> assertThat(m.stake()).isEqualTo(tokens(320)));
      for (ChainFixture.TestNode other : nodes.subList(1, nodes.size())) {
        assertThat(Await.result(f.admin.slashedStake(other.id()))).isEqualTo(TokenAmount.ZERO);
        assertThat(principal(f.admin, StakingTest.stakeIdOf(f, other))).isEqualTo(units(100));
      }
      for (int i = 0; i < nodes.size(); i++) {
        assertThat(Await.result(f.admin.balanceOf(nodes.get(i).id())).units())
            .as("nobody is paid for the report: " + nodes.get(i).id()).isEqualTo(memberBalances.get(i));
      }

      f.advanceEpoch(); // epoch 2: x's withdrawal is effective; x forfeited epoch 1's rewards
      BigInteger before = Await.result(x.cp().balanceOf(x.id())).units();
      TokenAmount paid = Await.result(x.cp().withdrawStake(own));
      assertThat(paid).as("the slashed principal, no rewards (forfeited)").isEqualTo(tokens(90));
      assertThat(Await.result(x.cp().balanceOf(x.id())).units()).isEqualTo(before.add(units(90)));
      assertThat(Await.result(f.admin.balanceOf(BURN)).units()).as("the slashed tenth went to the burn address")
          .isEqualTo(burnedBefore.add(units(10)));
      assertThat(Await.result(f.admin.stakeInfo(own)).orElseThrow().withdrawn()).isTrue();
      assertThatThrownBy(() -> Await.result(x.cp().withdrawStake(own)))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("AlreadyWithdrawn"));

      // the position that was not slashed earns on its full amount; the slashed one on what is left
      f.advanceEpoch();
      BigInteger earlyRewards = Await.result(f.admin.stakeRewards(earlyStake)).units();
      BigInteger lateRewards = Await.result(f.admin.stakeRewards(lateStake)).units();
      assertThat(earlyRewards).isPositive();
      assertThat(earlyRewards.subtract(lateRewards.multiply(BigInteger.valueOf(270)).divide(BigInteger.valueOf(50))).abs())
          .as("rewards in proportion to 270 : 50").isLessThanOrEqualTo(BigInteger.valueOf(6));
    }
  }

  @Test
  void shouldKeepTheRewardsEarnedBeforeTheSlash() {
    try (ChainFixture f = new ChainFixture(N)) { // 10 %
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      EvmControlPlane d = f.newAccount(tokens(1_000));
      ObjectId dStake = Await.result(d.stake(x.id(), tokens(300))).stakeId(); // counts from epoch 1
      f.startFirstEpoch();
      EvmControlPlane client = f.newAccount(tokens(100_000)); // pays storage for epochs 1..5
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(5), N, 1_000_000, false), 5));
      f.advanceEpoch();
      f.advanceEpoch(); // epoch 3: rewards of epochs 1 and 2 are paid to x's pool
      BigInteger earned = Await.result(f.admin.stakeRewards(dStake)).units();
      assertThat(earned).isPositive();

      reportFailure(f, f.admin, x.id(), 3);

      assertThat(principal(f.admin, dStake)).isEqualTo(units(270));
      assertThat(Await.result(f.admin.stakeRewards(dStake)).units())
          .as("epochs 1 and 2 were earned on 300 tokens: a slash in epoch 3 does not take them back")
          .isEqualTo(earned);
      f.advanceEpoch(); // epoch 4: x forfeited epoch 3's rewards
      assertThat(Await.result(f.admin.stakeRewards(dStake)).units()).isEqualTo(earned);
      assertThat(Await.result(d.requestWithdrawal(dStake)).withdrawEpoch()).hasValue(5);
      f.advanceEpoch(); // epoch 5: epoch 4 paid on the slashed 270
      BigInteger total = Await.result(f.admin.stakeRewards(dStake)).units();
      BigInteger ownTotal = Await.result(f.admin.stakeRewards(StakingTest.stakeIdOf(f, x))).units();
      assertThat(total).isGreaterThan(earned);
      assertThat(total.subtract(earned)
          .subtract(ownTotal.subtract(earned.divide(BigInteger.valueOf(3))).multiply(BigInteger.valueOf(3))).abs())
          .as("epoch 4 in proportion to 270 : 90, as epochs 1 and 2 were to 300 : 100").isLessThanOrEqualTo(BigInteger.TEN);
      BigInteger before = Await.result(f.admin.balanceOf(d.account())).units();
      assertThat(Await.result(d.withdrawStake(dStake)).units()).isEqualTo(units(270).add(total));
      assertThat(Await.result(f.admin.balanceOf(d.account())).units()).isEqualTo(before.add(units(270)).add(total));
    }
  }

  @Test
  void shouldHoldExactlyWhatIsStillOwedAfterSlashes() {
    try (ChainFixture f = new ChainFixture(N)) { // 10 %
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      List<ObjectId> positions = new java.util.ArrayList<>(nodes.stream().map(n -> StakingTest.stakeIdOf(f, n)).toList());
      EvmControlPlane d1 = f.newAccount(tokens(1_000));
      EvmControlPlane d2 = f.newAccount(tokens(1_000));
      positions.add(Await.result(d1.stake(x.id(), tokens(300))).stakeId());
      ObjectId leaving = Await.result(d2.stake(x.id(), tokens(200))).stakeId();
      positions.add(leaving);
      f.startFirstEpoch();
      EvmControlPlane client = f.newAccount(tokens(100_000)); // rewards for epochs 1..6
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(7), N, 1_500_000, false), 6));
      f.advanceEpoch(); // epoch 2
      Await.result(d2.requestWithdrawal(leaving)); // effective in 3: backs epoch 2
      reportFailure(f, f.admin, x.id(), 2);
      f.advanceEpoch(); // epoch 3
      Await.result(d2.withdrawStake(leaving));
      positions.add(Await.result(d1.stake(x.id(), tokens(100))).stakeId()); // counts from 4
      f.advanceEpoch(); // epoch 4
      reportFailure(f, f.admin, x.id(), 4);
      f.advanceEpoch();
      f.advanceEpoch(); // epoch 6: rewards of 1..5 paid to the pools

      // every token the staking contract holds is owed to someone (principal, rewards, commission)
      // or burned-but-unpaid (the slashed part of an unpaid position), within rounding
      BigInteger owed = BigInteger.ZERO;
      for (ObjectId id : positions) {
        StakeInfo s = Await.result(f.admin.stakeInfo(id)).orElseThrow();
        if (!s.withdrawn()) {
          owed = owed.add(s.amount().units()).add(Await.result(f.admin.stakeRewards(id)).units());
        }
      }
      for (ChainFixture.TestNode n : nodes) {
        owed = owed.add(Await.result(f.admin.node(n.id())).orElseThrow().commissionBalance().units());
      }
      BigInteger held = Await.result(f.admin.balanceOf(f.deployment.contracts().staking())).units();
      assertThat(Await.result(f.admin.slashedStake(x.id())).units()).isPositive();
      assertThat(held.subtract(owed)).as("held %s, owed %s", held, owed).isBetween(BigInteger.ZERO, BigInteger.valueOf(50));
    }
  }

  @Test
  void shouldCompoundSlashesAndKeepThePoolAtLeastTheSumOfItsPositions() {
    try (ChainFixture f = new ChainFixture(N)) { // 10 %
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      ObjectId own = StakingTest.stakeIdOf(f, x);
      EvmControlPlane a = f.newAccount(tokens(1_000));
      BigInteger aAmount = BigInteger.valueOf(333_333_333_333L); // amounts that do not divide evenly
      ObjectId aStake = Await.result(a.stake(x.id(), new TokenAmount(aAmount))).stakeId();
      f.startFirstEpoch();
      reportFailure(f, f.admin, x.id(), 1);
      f.endVoting(); // committee 2 selected: new stake counts from 3, withdrawals take effect in 3
      EvmControlPlane b = f.newAccount(tokens(1_000));
      BigInteger bAmount = BigInteger.valueOf(77_777_777_777L);
      ObjectId bStake = Await.result(b.stake(x.id(), new TokenAmount(bAmount))).stakeId();
      assertThat(Await.result(a.requestWithdrawal(aStake)).withdrawEpoch()).hasValue(3);
      f.initiateEpochChange();
      for (CommitteeMemberInfo m : Await.result(f.admin.committee(2)).members()) {
        Await.result(f.node(m.nodeId()).cp().epochSyncDone(2));
      }
      reportFailure(f, f.admin, x.id(), 2); // a's pending withdrawal still backs epoch 2
      BigInteger first = aAmount.add(units(100)).divide(BigInteger.TEN);
      BigInteger second = aAmount.add(units(100)).subtract(first).divide(BigInteger.TEN);
      assertThat(Await.result(f.admin.slashedStake(x.id())).units()).isEqualTo(first.add(second));
      assertThat(slashEvents(f)).extracting(StakeSlashed::epoch).containsExactly(1, 2);
      BigInteger aPrincipal = aAmount.multiply(BigInteger.valueOf(81)).divide(BigInteger.valueOf(100));
      assertThat(principal(f.admin, aStake)).isEqualTo(aPrincipal);
      assertThat(principal(f.admin, own)).isEqualTo(units(81));
      assertThat(principal(f.admin, bStake)).isEqualTo(bAmount);
      BigInteger pool = Await.result(f.admin.node(x.id())).orElseThrow().activeStake().units();
      assertThat(pool).isBetween(aPrincipal.add(units(81)), aPrincipal.add(units(81)).add(BigInteger.TWO));

      f.advanceEpoch(); // epoch 3
      BigInteger burnBefore = Await.result(f.admin.balanceOf(BURN)).units();
      assertThat(Await.result(a.withdrawStake(aStake)).units()).isEqualTo(aPrincipal);
      assertThat(Await.result(f.admin.balanceOf(BURN)).units()).isEqualTo(burnBefore.add(aAmount.subtract(aPrincipal)));
      Await.result(x.cp().requestWithdrawal(own));
      BigInteger left = Await.result(f.admin.node(x.id())).orElseThrow().nextEpochStake().units();
      assertThat(left).as("only b's stake is left, within rounding").isBetween(bAmount, bAmount.add(BigInteger.TWO));
      f.advanceEpoch(); // epoch 4
      assertThat(Await.result(x.cp().withdrawStake(own))).isEqualTo(tokens(81));
      assertThat(Await.result(f.admin.balanceOf(BURN)).units())
          .isEqualTo(burnBefore.add(aAmount.subtract(aPrincipal)).add(units(19)));
    }
  }

  @Test
  void shouldSelectTheNextCommitteeWithTheSlashedStake() {
    try (ChainFixture f = new ChainFixture(N)) { // localnet parameters: the default 10 %
      assertThat(f.deployment.parameters().slashingBps()).isEqualTo(DeploymentParameters.DEFAULT_SLASHING_BPS);
      List<ChainFixture.TestNode> nodes = f.addNodes(105, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      f.startFirstEpoch();
      CommitteeInfo first = Await.result(f.admin.committee(1));
      assertThat(first.member(x.id()).orElseThrow().weight()).isEqualTo(3);
      reportFailure(f, f.admin, x.id(), 1);
      assertThat(Await.result(f.admin.node(x.id())).orElseThrow().nextEpochStake())
          .isEqualTo(TokenAmount.ofUnits(units(105).multiply(BigInteger.valueOf(9)).divide(BigInteger.TEN).longValueExact()));
      f.endVoting();
      CommitteeInfo next = Await.result(f.admin.committee(2));
      // 94.5 against 100, 100, 100 tokens: D'Hondt now gives x fewer shards than a member with 100
      long[] stakes = next.members().stream()
          .mapToLong(m -> Await.result(f.admin.node(m.nodeId())).orElseThrow().nextEpochStake().units().longValueExact())
          .toArray();
      int[] seats = CommitteeReference.dHondt(stakes, N);
      for (CommitteeMemberInfo m : next.members()) {
        assertThat(m.weight()).as(m.name()).isEqualTo(seats[m.index()]);
      }
      assertThat(next.member(x.id()).orElseThrow().weight()).isEqualTo(2);
    }
  }

  @Test
  void shouldDropANodeSlashedOfItsWholeStakeFromTheNextCommittee() {
    DeploymentParameters params = DeploymentParameters.localnet(N, ChainFixture.EPOCH).withSlashingBps(10_000);
    try (ChainFixture f = new ChainFixture(N, params)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      f.startFirstEpoch();
      reportFailure(f, f.admin, x.id(), 1);
      assertThat(Await.result(f.admin.slashedStake(x.id()))).isEqualTo(tokens(100));
      assertThat(principal(f.admin, StakingTest.stakeIdOf(f, x))).isZero();
      assertThat(Await.result(f.admin.activeSet())).noneMatch(m -> m.nodeId().equals(x.id()));
      f.endVoting();
      assertThat(Await.result(f.admin.committee(2)).member(x.id())).isEmpty();
      // new stake after the slash is whole again and brings the node back
      ObjectId fresh = Await.result(x.cp().stake(x.id(), tokens(50))).stakeId();
      assertThat(principal(f.admin, fresh)).isEqualTo(units(50));
      assertThat(Await.result(f.admin.activeSet())).anyMatch(m -> m.nodeId().equals(x.id()));
    }
  }

  @Test
  void shouldNotSlashWhenSlashingIsDisabled() {
    DeploymentParameters params = DeploymentParameters.localnet(N, ChainFixture.EPOCH).withSlashingBps(0);
    try (ChainFixture f = new ChainFixture(N, params)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      ChainFixture.TestNode x = nodes.get(0);
      f.startFirstEpoch();
      reportFailure(f, f.admin, x.id(), 1);
      assertThat(Await.result(f.admin.challengeFailed(x.id(), 1))).isTrue();
      assertThat(slashEvents(f)).isEmpty();
      assertThat(Await.result(f.admin.slashedStake(x.id()))).isEqualTo(TokenAmount.ZERO);
      assertThat(principal(f.admin, StakingTest.stakeIdOf(f, x))).isEqualTo(units(100));
      assertThat(Await.result(f.admin.node(x.id())).orElseThrow().nextEpochStake()).isEqualTo(tokens(100));
    }
  }

  @Test
  void shouldRefuseSlashingOutsideZeroToTenThousandBasisPoints() {
    DeploymentParameters base = DeploymentParameters.localnet(N, ChainFixture.EPOCH);
    assertThatThrownBy(() -> base.withSlashingBps(10_001))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slashing").hasMessageContaining("10001");
    assertThatThrownBy(() -> base.withSlashingBps(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slashing");
    assertThat(base.withSlashingBps(10_000).slashingBps()).isEqualTo(10_000);
    // the contract checks the bound itself too
    try (ChainFixture f = new ChainFixture(N); EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(1))) {
      for (int bps : new int[] {10_000, 10_001}) {
        String data = Deployer.bytecode("FloeStaking") + FunctionEncoder.encodeConstructor(List.<Type>of(
            new org.web3j.abi.datatypes.Address(BURN.toHex()),
            new org.web3j.abi.datatypes.Address(f.deployment.contracts().token().toHex()),
            new Uint16(N), new Uint64(3600), new Uint96(BigInteger.ONE), new Uint16(4), new Uint16(4), new Uint16(bps)));
        if (bps <= 10_000) {
          assertThat(Await.result(chain.sender.deploy(data, "deploy FloeStaking")).getContractAddress()).isNotNull();
        } else {
          assertThatThrownBy(() -> Await.result(chain.sender.deploy(data, "deploy FloeStaking")))
              .isInstanceOf(RevertedException.class);
        }
      }
    }
  }
}
