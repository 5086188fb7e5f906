package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.testkit.Await;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Committee selection on-chain (D'Hondt by stake with caps, shards kept) against {@link CommitteeReference}. */
class CommitteeSelectionTest {

  private static void assertCommitteeMatchesReference(ChainFixture f, List<ChainFixture.TestNode> candidates,
      long[] stakes, CommitteeInfo previous, CommitteeInfo actual, int n) {
    int[] seats = CommitteeReference.dHondt(stakes, n);
    List<Address> members = new ArrayList<>();
    List<Integer> memberSeats = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (seats[i] > 0) {
        members.add(candidates.get(i).id());
        memberSeats.add(seats[i]);
      }
    }
    List<Address> prevOwners = new ArrayList<>();
    if (previous != null && !previous.isEmpty()) {
      for (int s = 0; s < n; s++) {
        prevOwners.add(previous.ownerOfShard(s).nodeId());
      }
    }
    Map<Address, List<Integer>> expected = CommitteeReference.assign(
        prevOwners, members, memberSeats.stream().mapToInt(Integer::intValue).toArray(), n);
    assertThat(actual.members().stream().map(CommitteeMemberInfo::nodeId).toList()).isEqualTo(members);
    Map<Address, List<Integer>> got = new HashMap<>();
    for (CommitteeMemberInfo m : actual.members()) {
      got.put(m.nodeId(), m.shards());
      assertThat(m.protocolKeyAddress().toBytes()).isEqualTo(f.node(m.nodeId()).key().address());
    }
    assertThat(got).isEqualTo(expected);
    // core's committee accepts it: every shard exactly once
    assertThat(actual.toCommittee().nShards()).isEqualTo(n);
  }

  @Test
  void shouldApportionEqualStakesWithTiesToEarlierNodes() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      CommitteeInfo c = Await.result(f.admin.committee(1));
      assertThat(c.members().stream().map(CommitteeMemberInfo::shards).toList())
          .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7), List.of(8, 9));
      assertCommitteeMatchesReference(f, nodes, new long[] {100, 100, 100, 100}, null, c, 10);
    }
  }

  @Test
  void shouldCapAWhaleAndLeaveOutNodesWithoutSeats() {
    try (ChainFixture f = new ChainFixture(10)) {
      long[] stakes = {1_000, 10, 10, 10, 3, 0};
      List<ChainFixture.TestNode> nodes = f.addNodes(stakes);
      f.startFirstEpoch();
      CommitteeInfo c = Await.result(f.admin.committee(1));
      // cap = ceil(20 * 10 / (5 * 10)) = 4 for the 5 staked candidates; the whale stops there
      assertThat(c.member(nodes.get(0).id()).orElseThrow().weight()).isEqualTo(4);
      assertThat(c.member(nodes.get(5).id())).as("no stake, no seat").isEmpty();
      assertCommitteeMatchesReference(f, nodes.subList(0, 5), new long[] {1_000, 10, 10, 10, 3}, null, c, 10);
    }
  }

  @Test
  void shouldCapAtATenthOfTheShardsWithTwentyOrMoreNodes() {
    try (ChainFixture f = new ChainFixture(100)) {
      Random random = new Random(7);
      long[] stakes = new long[22];
      for (int i = 0; i < stakes.length; i++) {
        stakes[i] = 10 + random.nextInt(500);
      }
      stakes[3] = 50_000; // a whale: D'Hondt alone would give it most shards
      List<ChainFixture.TestNode> nodes = f.addNodes(stakes);
      f.startFirstEpoch();
      CommitteeInfo c = Await.result(f.admin.committee(1));
      assertThat(c.member(nodes.get(3).id()).orElseThrow().weight()).isEqualTo(10);
      assertThat(c.members()).allSatisfy(m -> assertThat(m.weight()).isLessThanOrEqualTo(10));
      assertCommitteeMatchesReference(f, nodes, stakes, null, c, 100);
    }
  }

  @Test
  void shouldHonourMinimumStakeAndMaximumCommitteeSize() {
    DeploymentParameters params = new DeploymentParameters(12, ChainFixture.EPOCH, 53, TokenAmount.ofTokens(50), 3, 10, true);
    try (ChainFixture f = new ChainFixture(12, params)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(40, 300, 200, 100, 100);
      f.startFirstEpoch();
      CommitteeInfo c = Await.result(f.admin.committee(1));
      // node 0 is below the minimum; of the other four the lowest stake (the later of the two 100s) is dropped
      assertThat(c.members().stream().map(CommitteeMemberInfo::nodeId).toList())
          .containsExactly(nodes.get(1).id(), nodes.get(2).id(), nodes.get(3).id());
      assertCommitteeMatchesReference(f, nodes.subList(1, 4), new long[] {300, 200, 100}, null, c, 12);
    }
  }

  @Test
  void shouldKeepShardsWherePossibleWhenStakeMoves() {
    try (ChainFixture f = new ChainFixture(16)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      CommitteeInfo first = Await.result(f.admin.committee(1));
      // node 1 leaves (withdraws all), node 3 doubles, a new node joins
      StakeInfo s1 = Await.result(nodes.get(1).cp().stakeInfo(
          Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 10_000)).events().stream()
              .filter(e -> e instanceof dev.floe.controlplane.events.StakeDeposited d && d.nodeId().equals(nodes.get(1).id()))
              .map(e -> ((dev.floe.controlplane.events.StakeDeposited) e).stakeId()).findFirst().orElseThrow()))
          .orElseThrow();
      Await.result(nodes.get(1).cp().requestWithdrawal(s1.stakeId()));
      Await.result(nodes.get(3).cp().stake(nodes.get(3).id(), TokenAmount.ofTokens(100)));
      List<ChainFixture.TestNode> joined = f.addNodes(150);
      f.advanceEpoch();
      CommitteeInfo second = Await.result(f.admin.committee(2));
      List<ChainFixture.TestNode> candidates = List.of(nodes.get(0), nodes.get(2), nodes.get(3), joined.get(0));
      assertCommitteeMatchesReference(f, candidates, new long[] {100, 100, 200, 150}, first, second, 16);
      // nodes 0 and 2 keep shards they had
      for (ChainFixture.TestNode n : List.of(nodes.get(0), nodes.get(2))) {
        List<Integer> before = first.shardsOf(n.id());
        List<Integer> after = second.shardsOf(n.id());
        assertThat(after).containsAll(before.subList(0, Math.min(before.size(), after.size())));
      }
    }
  }

  @Test
  void shouldKeepShardsAcrossPackedWordsOverSeveralEpochs() {
    // 100 shards: the owners cross the selection call packed, 16 per word, the last word partial
    try (ChainFixture f = new ChainFixture(100)) {
      List<ChainFixture.TestNode> nodes = new ArrayList<>(f.addNodes(100, 300, 200, 100, 250, 50));
      long[] stakes = {100, 300, 200, 100, 250, 50};
      f.startFirstEpoch();
      CommitteeInfo previous = Await.result(f.admin.committee(1));
      assertCommitteeMatchesReference(f, nodes, stakes, null, previous, 100);
      for (int round = 0; round < 2; round++) {
        int grows = round == 0 ? 5 : 0;
        Await.result(nodes.get(grows).cp().stake(nodes.get(grows).id(), TokenAmount.ofTokens(400)));
        stakes[grows] += 400;
        nodes.addAll(f.addNodes(120 + 60L * round));
        stakes = java.util.Arrays.copyOf(stakes, stakes.length + 1);
        stakes[stakes.length - 1] = 120 + 60L * round;
        f.advanceEpoch();
        CommitteeInfo next = Await.result(f.admin.committee(f.state().epoch()));
        assertCommitteeMatchesReference(f, nodes, stakes, previous, next, 100);
        previous = next;
      }
    }
  }

  @Test
  void shouldRefuseToSelectAnEmptyCommittee() {
    try (ChainFixture f = new ChainFixture(10)) {
      f.addNodes(0, 0);
      assertThatThrownBy(() -> Await.result(f.admin.endVoting()))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("NoCandidates"));
    }
  }
}
