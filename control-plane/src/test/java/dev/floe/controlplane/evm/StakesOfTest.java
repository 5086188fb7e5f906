package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.testkit.Await;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code stakesOf(owner)}: every position an owner deposited, found through the indexed owner topic of
 * {@code StakeDeposited} across several log queries, read back from the contract as it stands
 * (requested, withdrawn), and nobody else's.
 */
class StakesOfTest {
  /** Blocks per log query in this test, so that a few mined blocks span several queries. */
  private static final int WINDOW = 16;

  @Test
  void shouldListEveryPositionOfTheOwnerOldestFirstAcrossLogQueriesAndNoOtherOwners() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      EvmControlPlane delegator = f.newAccount(TokenAmount.ofTokens(10_000));
      EvmControlPlane other = f.newAccount(TokenAmount.ofTokens(1_000));
      assertThat(Await.result(f.admin.stakesOf(delegator.account()))).isEmpty();

      StakeInfo first = Await.result(delegator.stake(nodes.get(0).id(), TokenAmount.ofTokens(300)));
      StakeInfo foreign = Await.result(other.stake(nodes.get(0).id(), TokenAmount.ofTokens(50)));
      // the next deposits lie more than one query window further on: the scan must cover every window
      f.anvil.mine(WINDOW + 3);
      StakeInfo second = Await.result(delegator.stake(nodes.get(1).id(), TokenAmount.ofTokens(200)));
      f.anvil.mine(WINDOW);
      StakeInfo third = Await.result(delegator.stake(nodes.get(0).id(), TokenAmount.ofTokens(1)));

      List<StakeInfo> listed = Await.result(other.stakesOf(delegator.account(), WINDOW));
      assertThat(listed).containsExactly(first, second, third);
      assertThat(Await.result(other.stakesOf(delegator.account()))).as("one query with the default window")
          .isEqualTo(listed);
      assertThat(listed).allSatisfy(s -> assertThat(s.owner()).isEqualTo(delegator.account()));
      assertThat(Await.result(f.admin.stakesOf(other.account()))).containsExactly(foreign);
      // a node operator's own stake (made by the fixture) is its position too
      assertThat(Await.result(f.admin.stakesOf(nodes.get(2).id())))
          .singleElement()
          .satisfies(s -> {
            assertThat(s.nodeId()).isEqualTo(nodes.get(2).id());
            assertThat(s.amount()).isEqualTo(TokenAmount.ofTokens(100));
          });

      // the list shows each position as the contract has it now: requested, then paid out
      Await.result(delegator.requestWithdrawal(first.stakeId()));
      f.advanceEpoch();
      TokenAmount paid = Await.result(delegator.withdrawStake(first.stakeId()));
      assertThat(paid).isEqualTo(TokenAmount.ofTokens(300)).as("no storage was sold, so no rewards");
      List<StakeInfo> after = Await.result(delegator.stakesOf(delegator.account()));
      assertThat(after).extracting(StakeInfo::stakeId)
          .containsExactly(first.stakeId(), second.stakeId(), third.stakeId());
      assertThat(after.get(0).withdrawn()).isTrue();
      assertThat(after.get(0).withdrawEpoch()).hasValue(2);
      assertThat(after.get(1).withdrawn()).isFalse();
      assertThat(after.get(1).withdrawEpoch()).isEmpty();
      assertThat(Await.result(delegator.stakeRewards(first.stakeId()))).isEqualTo(TokenAmount.ZERO);
    }
  }
}
