package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.ActiveSetMember;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.InvalidRequestException;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.StateConflictException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.testkit.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The active set on anvil: open registration cannot be squatted, the lowest stake is evicted from a
 * full set, evicted nodes come back with more stake, and the eviction path costs O(log size) gas.
 */
class ActiveSetTest {
  private static final Pattern GAS_USED = Pattern.compile("\"gasUsed\"\\s*:\\s*\"(0x[0-9a-fA-F]+)\"");

  private static DeploymentParameters params(int nShards, long minStakeTokens, int committee, int activeSet) {
    return new DeploymentParameters(nShards, ChainFixture.EPOCH, 53, TokenAmount.ofTokens(minStakeTokens), committee,
        activeSet, true);
  }

  private static StakeInfo stake(ChainFixture.TestNode node, long tokens) {
    return Await.result(node.cp().stake(node.id(), TokenAmount.ofTokens(tokens)));
  }

  private static Map<Address, TokenAmount> activeSet(ChainFixture f) {
    return Await.result(f.admin.activeSet()).stream()
        .collect(Collectors.toMap(ActiveSetMember::nodeId, ActiveSetMember::stake, (a, b) -> a, TreeMap::new));
  }

  private static Set<Address> ids(ChainFixture.TestNode... nodes) {
    return java.util.Arrays.stream(nodes).map(ChainFixture.TestNode::id).collect(Collectors.toSet());
  }

  private static List<Address> members(CommitteeInfo c) {
    return c.members().stream().map(CommitteeMemberInfo::nodeId).toList();
  }

  @Test
  void shouldNotLetSquattersWithoutStakeKeepAStakedNewcomerOutOfTheCommittee() {
    try (ChainFixture f = new ChainFixture(12, params(12, 50, 3, 3))) {
      // more squatters than the active set holds: none of them has stake, two have less than the minimum
      List<ChainFixture.TestNode> squatters = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        squatters.add(f.registerNode(TokenAmount.ofTokens(100)));
      }
      stake(squatters.get(0), 10);
      stake(squatters.get(1), 49);
      assertThat(activeSet(f)).as("below the minimum, nobody enters").isEmpty();
      assertThatThrownBy(() -> Await.result(f.admin.joinActiveSet(squatters.get(1).id())))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.errorName()).isEqualTo("StakeBelowMinimum");
            assertThat(e.getMessage()).contains("49000000000", "50000000000");
          });

      ChainFixture.TestNode newcomer = f.registerNode(TokenAmount.ofTokens(1_000));
      stake(newcomer, 60);
      assertThat(activeSet(f)).containsExactly(Map.entry(newcomer.id(), TokenAmount.ofTokens(60)));
      assertThat(Await.result(f.admin.nodes())).hasSize(9);

      f.startFirstEpoch();
      CommitteeInfo c = Await.result(f.admin.committee(1));
      assertThat(members(c)).containsExactly(newcomer.id());
      assertThat(c.member(newcomer.id()).orElseThrow().weight()).isEqualTo(12);
    }
  }

  @Test
  void shouldEvictTheLowestStakeAndTheLaterRegisteredOnATie() {
    try (ChainFixture f = new ChainFixture(12, params(12, 1, 3, 3))) {
      ChainFixture.TestNode a = f.registerNode(TokenAmount.ofTokens(1_000));
      ChainFixture.TestNode b = f.registerNode(TokenAmount.ofTokens(1_000));
      ChainFixture.TestNode c = f.registerNode(TokenAmount.ofTokens(1_000));
      stake(c, 300);
      stake(b, 100);
      stake(a, 100);
      assertThat(activeSet(f).keySet()).isEqualTo(ids(a, b, c));

      // d outranks the two 100s: b goes (registered after a), a stays
      ChainFixture.TestNode d = f.registerNode(TokenAmount.ofTokens(1_000));
      stake(d, 200);
      assertThat(activeSet(f).keySet()).isEqualTo(ids(a, c, d));
      assertThat(Await.result(f.admin.node(b.id()))).as("evicted, still registered").isPresent();

      // equal to the lowest is not enough: the member keeps its place
      ChainFixture.TestNode e = f.registerNode(TokenAmount.ofTokens(1_000));
      stake(e, 100);
      assertThat(activeSet(f).keySet()).isEqualTo(ids(a, c, d));
      assertThatThrownBy(() -> Await.result(f.admin.joinActiveSet(e.id())))
          .isInstanceOfSatisfying(StateConflictException.class, x -> {
            assertThat(x.errorName()).isEqualTo("ActiveSetFull");
            assertThat(x.getMessage()).contains("100000000000");
          });

      f.startFirstEpoch();
      assertThat(Set.copyOf(members(Await.result(f.admin.committee(1))))).isEqualTo(ids(a, c, d));
    }
  }

  @Test
  void shouldLetAnEvictedNodeReEnterWithMoreStakeAndLeaveBelowTheMinimum() {
    try (ChainFixture f = new ChainFixture(12, params(12, 50, 2, 2))) {
      ChainFixture.TestNode a = f.registerNode(TokenAmount.ofTokens(1_000));
      ChainFixture.TestNode b = f.registerNode(TokenAmount.ofTokens(1_000));
      ChainFixture.TestNode c = f.registerNode(TokenAmount.ofTokens(1_000));
      StakeInfo aStake = stake(a, 100);
      stake(b, 200);
      stake(c, 150); // evicts a
      assertThat(activeSet(f).keySet()).isEqualTo(ids(b, c));
      f.startFirstEpoch();
      assertThat(Set.copyOf(members(Await.result(f.admin.committee(1))))).isEqualTo(ids(b, c));

      stake(a, 100); // a now has 200 > c's 150: c goes
      assertThat(activeSet(f)).containsEntry(a.id(), TokenAmount.ofTokens(200)).doesNotContainKey(c.id());
      f.advanceEpoch();
      assertThat(Set.copyOf(members(Await.result(f.admin.committee(2))))).isEqualTo(ids(a, b));
      assertThat(Await.result(f.admin.stakeInfo(aStake.stakeId())).orElseThrow().withdrawn())
          .as("a's first position survived the eviction").isFalse();

      // a withdraws the first 100: 100 is still above the minimum, so a stays, now the lowest
      Await.result(a.cp().requestWithdrawal(aStake.stakeId()));
      assertThat(activeSet(f)).containsEntry(a.id(), TokenAmount.ofTokens(100));
      // c (150, evicted earlier) now outranks a and takes its place by asking
      Await.result(f.admin.joinActiveSet(c.id()));
      assertThat(activeSet(f).keySet()).isEqualTo(ids(b, c));

      // b drops below the minimum and leaves; a, evicted last, takes the freed place back at once
      StakeInfo bSmall = stake(b, 10);
      List<StakeInfo> bStakes = Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events()
          .stream().filter(x -> x instanceof dev.floe.controlplane.events.StakeDeposited s && s.nodeId().equals(b.id()))
          .map(x -> Await.result(f.admin.stakeInfo(((dev.floe.controlplane.events.StakeDeposited) x).stakeId()))
              .orElseThrow())
          .toList();
      for (StakeInfo s : bStakes) {
        if (!s.stakeId().equals(bSmall.stakeId())) {
          Await.result(b.cp().requestWithdrawal(s.stakeId()));
        }
      }
      assertThat(activeSet(f)).containsOnlyKeys(a.id(), c.id()).containsEntry(a.id(), TokenAmount.ofTokens(100));
      Await.result(f.admin.joinActiveSet(a.id())); // a member: nothing changes
      assertThat(activeSet(f).keySet()).isEqualTo(ids(a, c));
    }
  }

  @Test
  void shouldNotLetAnEvictorTakeItsStakeBackBeforeTheSelectionItEvictedAMemberFor() {
    try (ChainFixture f = new ChainFixture(12, params(12, 50, 2, 2))) {
      ChainFixture.TestNode a = f.registerNode(TokenAmount.ofTokens(1_000));
      ChainFixture.TestNode b = f.registerNode(TokenAmount.ofTokens(1_000));
      stake(a, 100);
      stake(b, 200);
      f.startFirstEpoch();

      // an attacker's fresh node outbids a, evicting it, then cancels its stake in the same epoch
      ChainFixture.TestNode z = f.registerNode(TokenAmount.ofTokens(1_000));
      StakeInfo bid = stake(z, 150);
      TokenAmount before = Await.result(z.cp().balanceOf(z.cp().account()));
      assertThat(activeSet(f).keySet()).isEqualTo(ids(b, z));
      StakeInfo cancelled = Await.result(z.cp().requestWithdrawal(bid.stakeId()));
      assertThat(activeSet(f).keySet()).as("z's stake no longer counts, and a, evicted by it, is back")
          .isEqualTo(ids(a, b));

      // the eviction is not free: the 150 stay locked until the epoch they would have counted in
      assertThat(cancelled.withdrawn()).isFalse();
      assertThat(cancelled.withdrawEpoch()).hasValue(2);
      assertThat(Await.result(z.cp().balanceOf(z.cp().account()))).isEqualTo(before);
      assertThatThrownBy(() -> Await.result(z.cp().withdrawStake(bid.stakeId())))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("WithdrawalNotYetEffective"));
      f.advanceEpoch();
      assertThat(Set.copyOf(members(Await.result(f.admin.committee(2))))).isEqualTo(ids(a, b));
      assertThat(Await.result(z.cp().withdrawStake(bid.stakeId()))).isEqualTo(TokenAmount.ofTokens(150));
      assertThat(Await.result(z.cp().balanceOf(z.cp().account()))).isEqualTo(before.plus(TokenAmount.ofTokens(150)));
    }
  }

  @Test
  void shouldKeepTheEvictionPathWithinLogarithmicGas() {
    int size = 31; // a full heap of depth 5
    try (ChainFixture f = new ChainFixture(64, params(64, 1, 31, size))) {
      List<ChainFixture.TestNode> members = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        ChainFixture.TestNode n = f.registerNode(TokenAmount.ofTokens(10_000));
        members.add(n);
        stake(n, 100 + i);
      }
      // a second stake for a member: update in place, no eviction
      stake(members.get(0), 1);
      long update = lastGas(f);
      // a newcomer above everyone: replaces the root and sifts down to a leaf, the longest path
      ChainFixture.TestNode newcomer = f.registerNode(TokenAmount.ofTokens(10_000));
      stake(newcomer, 1_000);
      long eviction = lastGas(f);
      assertThat(activeSet(f)).hasSize(size).containsKey(newcomer.id()).doesNotContainKey(members.get(1).id());
      // an outsider that cannot evict pays only for reading the root
      ChainFixture.TestNode outsider = f.registerNode(TokenAmount.ofTokens(10_000));
      stake(outsider, 1);
      long refused = lastGas(f);
      System.out.printf("active set of %d: stake updating a member %,d gas, stake evicting the lowest %,d gas, "
          + "stake too low to enter %,d gas%n", size, update, eviction, refused);
      // the heap path is 5 levels, each at most two cold reads and two writes (about 15k gas), plus
      // the newcomer's position slot (22k) and the events
      assertThat(eviction - refused).isBetween(20_000L, 5 * 20_000L + 45_000L);
      assertThat(refused).isLessThan(eviction);
    }
  }

  @Test
  void shouldFollowAReferenceModelThroughRandomStakesAndWithdrawals() {
    int capacity = 4;
    long minStake = 20;
    try (ChainFixture f = new ChainFixture(16, params(16, minStake, 4, capacity))) {
      java.util.Random random = new java.util.Random(42);
      List<ChainFixture.TestNode> nodes = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        nodes.add(f.registerNode(TokenAmount.ofTokens(100_000)));
      }
      ActiveSetModel model = new ActiveSetModel(capacity, minStake);
      Map<Integer, List<StakeInfo>> open = new TreeMap<>();
      for (int step = 0; step < 60; step++) {
        int i = random.nextInt(nodes.size());
        List<StakeInfo> positions = open.computeIfAbsent(i, k -> new ArrayList<>());
        if (!positions.isEmpty() && random.nextInt(3) == 0) {
          StakeInfo s = positions.remove(random.nextInt(positions.size()));
          Await.result(nodes.get(i).cp().requestWithdrawal(s.stakeId()));
          model.change(i, -s.amount().units().divide(TokenAmount.UNITS_PER_TOKEN).longValueExact(), false);
        } else {
          long amount = 1 + random.nextInt(60);
          positions.add(stake(nodes.get(i), amount));
          model.change(i, amount, true);
        }
        if (random.nextInt(5) == 0) {
          int j = random.nextInt(nodes.size());
          boolean joined = model.join(j);
          if (joined) {
            Await.result(f.admin.joinActiveSet(nodes.get(j).id()));
          } else {
            assertThatThrownBy(() -> Await.result(f.admin.joinActiveSet(nodes.get(j).id())))
                .isInstanceOf(RevertedException.class);
          }
        }
        Map<Address, TokenAmount> expected = new TreeMap<>();
        model.members().forEach(k -> expected.put(nodes.get(k).id(), TokenAmount.ofTokens(model.stake(k))));
        assertThat(activeSet(f)).as("after step %d", step).isEqualTo(expected);
      }
    }
  }

  /** The active-set rules in plain Java: the contract must agree after every operation. */
  private static final class ActiveSetModel {
    private final int capacity;
    private final long minStake;
    private final Map<Integer, Long> stakes = new TreeMap<>();
    private final Set<Integer> members = new java.util.TreeSet<>();
    private Integer lastEvicted;

    ActiveSetModel(int capacity, long minStake) {
      this.capacity = capacity;
      this.minStake = minStake;
    }

    long stake(int node) {
      return stakes.getOrDefault(node, 0L);
    }

    Set<Integer> members() {
      return members;
    }

    void change(int node, long delta, boolean mayJoin) {
      stakes.merge(node, delta, Long::sum);
      if (members.contains(node)) {
        if (!qualifies(node)) {
          members.remove(node);
          // the member evicted last takes the freed place back if it still qualifies
          Integer back = lastEvicted;
          lastEvicted = null;
          if (back != null && !members.contains(back) && qualifies(back)) {
            members.add(back);
          }
        }
      } else if (mayJoin) {
        join(node);
      }
    }

    /** Applies a join attempt; returns whether the contract accepts it (a member: a no-op success). */
    boolean join(int node) {
      if (members.contains(node)) {
        return true;
      }
      if (!qualifies(node)) {
        return false;
      }
      if (members.size() < capacity) {
        members.add(node);
        return true;
      }
      // lowest stake, ties: the later registered (higher index) goes first
      int lowest = members.stream()
          .min(java.util.Comparator.comparingLong(this::stake).thenComparing(java.util.Comparator.reverseOrder()))
          .orElseThrow();
      if (stake(node) <= stake(lowest)) {
        return false;
      }
      members.remove(lowest);
      members.add(node);
      lastEvicted = lowest;
      return true;
    }

    private boolean qualifies(int node) {
      return stake(node) > 0 && stake(node) >= minStake;
    }
  }

  private static long lastGas(ChainFixture f) {
    String json = f.anvil.rpc("eth_getBlockByNumber", "\"0x" + Long.toHexString(f.anvil.blockNumber()) + "\"", "false");
    Matcher g = GAS_USED.matcher(json);
    if (!g.find()) {
      throw new IllegalStateException("no gasUsed in the latest block");
    }
    return Long.decode(g.group(1));
  }
}
