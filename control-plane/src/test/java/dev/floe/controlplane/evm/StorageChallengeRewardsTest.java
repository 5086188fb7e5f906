package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventStream;
import dev.floe.controlplane.events.EventStreamOptions;
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An accepted storage-challenge failure report on a real anvil chain: the failure is recorded, the
 * event reaches the Java event stream, and the node's rewards for that epoch go to the other
 * members by weight (checked through the stake-reward and commission views), for that epoch only.
 */
class StorageChallengeRewardsTest {
  private static final int N = 10;
  private static final BigInteger COMMISSION_BPS = BigInteger.valueOf(1_000); // ChainFixture's nodes
  private static final BigInteger BPS = BigInteger.valueOf(10_000);

  /** A member's expected pay for an epoch: its stake pool's part and its commission. */
  private record Pay(BigInteger pool, BigInteger commission) {
    static Pay of(BigInteger amount, int weight, int countedWeight) {
      BigInteger share = amount.multiply(BigInteger.valueOf(weight)).divide(BigInteger.valueOf(countedWeight));
      BigInteger commission = share.multiply(COMMISSION_BPS).divide(BPS);
      return new Pay(share.subtract(commission), commission);
    }

    BigInteger share() {
      return pool.add(commission);
    }
  }

  @Test
  void shouldRecordTheFailureAndGiveTheNodesRewardsToTheOtherMembers() {
    try (ChainFixture f = new ChainFixture(N)) {
      f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      EvmControlPlane client = f.newAccount(TokenAmount.ofTokens(100_000));
      Prices prices = Await.result(client.prices());
      long size = 1_000_000;
      long encoded = new EncodingConfig(N).encodedLength(size);
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(9), N, size, false), 2));
      BigInteger perEpoch = prices.reservationCost(encoded, 1).units();
      BigInteger epoch1Rewards = perEpoch.add(prices.writeCost(encoded).units());

      CommitteeInfo c = Await.result(client.committee(1));
      CommitteeMemberInfo failing = c.members().get(0);
      Address failed = failing.nodeId();
      Map<Address, ObjectId> stakeIds = new HashMap<>();
      c.members().forEach(m -> stakeIds.put(m.nodeId(), StakingTest.stakeIdOf(f, f.node(m.nodeId()))));

      List<ChainEvent> seen = new CopyOnWriteArrayList<>();
      try (EventStream stream = client.subscribe(f.deployment.startCursor(), EventStreamOptions.withConfirmations(0),
          seen::add)) {
        byte[] message = new ChallengeFailureMessage(1, failed.toBytes()).toBytes();
        Await.result(client.reportChallengeFailure(ChainFixture.certificate(message, c,
            StorageChallengeTest.signersOtherThan(f, c, failed, 4))));
        Await.until("StorageChallengeFailed in the event stream", Duration.ofSeconds(30),
            () -> seen.stream().anyMatch(e -> e instanceof StorageChallengeFailed));
        List<StorageChallengeFailed> failures = seen.stream().filter(e -> e instanceof StorageChallengeFailed)
            .map(e -> (StorageChallengeFailed) e).toList();
        assertThat(failures).singleElement().satisfies(e -> {
          assertThat(e.epoch()).isEqualTo(1);
          assertThat(e.nodeId()).isEqualTo(failed);
        });
      }
      for (CommitteeMemberInfo m : c.members()) {
        assertThat(Await.result(client.challengeFailed(m.nodeId(), 1))).as(m.name()).isEqualTo(m.nodeId().equals(failed));
      }

      f.advanceEpoch(); // pays epoch 1's rewards
      int counted = N - failing.weight();
      BigInteger paid = BigInteger.ZERO;
      for (CommitteeMemberInfo m : c.members()) {
        BigInteger rewards = Await.result(client.stakeRewards(stakeIds.get(m.nodeId()))).units();
        BigInteger commission = commissionOf(client, m.nodeId());
        if (m.nodeId().equals(failed)) {
          assertThat(rewards).as("the failed node's stake earns nothing for epoch 1").isZero();
          assertThat(commission).as("nor does its operator").isZero();
          continue;
        }
        Pay pay = Pay.of(epoch1Rewards, m.weight(), counted);
        assertThat(rewards).as(m.name()).isBetween(pay.pool().subtract(BigInteger.ONE), pay.pool());
        assertThat(commission).as(m.name()).isEqualTo(pay.commission());
        paid = paid.add(pay.share());
      }
      assertThat(paid).as("the other members share nearly all of epoch 1's rewards")
          .isBetween(epoch1Rewards.subtract(BigInteger.valueOf(N)), epoch1Rewards);
      CommitteeMemberInfo sameWeight = c.members().stream()
          .filter(m -> !m.nodeId().equals(failed) && m.weight() == failing.weight()).findFirst().orElseThrow();
      assertThat(Await.result(client.stakeRewards(stakeIds.get(sameWeight.nodeId()))).units())
          .as("a member with as many shards is paid more than its plain share")
          .isGreaterThan(Pay.of(epoch1Rewards, sameWeight.weight(), N).pool());

      // epoch 2: no failure reported, the node is paid again (the rounding carry of epoch 1 included)
      assertThat(Await.result(client.challengeFailed(failed, 2))).isFalse();
      f.advanceEpoch(); // pays epoch 2's rewards
      CommitteeInfo c2 = Await.result(client.committee(2));
      Pay pay = Pay.of(perEpoch.add(epoch1Rewards.subtract(paid)), c2.member(failed).orElseThrow().weight(), N);
      assertThat(Await.result(client.stakeRewards(stakeIds.get(failed))).units())
          .isBetween(pay.pool().subtract(BigInteger.ONE), pay.pool());
      assertThat(commissionOf(client, failed)).isEqualTo(pay.commission());
    }
  }

  private static BigInteger commissionOf(EvmControlPlane cp, Address nodeId) {
    NodeInfo node = Await.result(cp.node(nodeId)).orElseThrow();
    return node.commissionBalance().units();
  }
}
