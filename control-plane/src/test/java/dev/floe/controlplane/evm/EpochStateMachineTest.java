package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.UnauthorizedException;
import dev.floe.controlplane.WrongEpochException;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeDone;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EpochParametersSelected;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.ShardsReceived;
import dev.floe.testkit.Await;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The epoch state machine end to end, with chain time moved by anvil instead of sleeping. */
class EpochStateMachineTest {

  private static RevertedException reverted(Runnable r) {
    try {
      r.run();
    } catch (RevertedException e) {
      return e;
    }
    throw new AssertionError("expected a revert");
  }

  @Test
  void shouldWalkThroughGenesisVotingEpochChangeAndSync() {
    try (ChainFixture f = new ChainFixture(10)) {
      List<ChainFixture.TestNode> nodes = f.addNodes(100, 100, 100, 100);
      EvmControlPlane anyone = f.newAccount(TokenAmount.ZERO);
      EpochState genesis = f.state();
      assertThat(genesis.epoch()).isZero();
      assertThat(genesis.phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
      assertThat(genesis.epochDuration()).isEqualTo(ChainFixture.EPOCH);

      // genesis: only the owner may end it early; anyone else must wait for the clock
      RevertedException early = reverted(() -> Await.result(anyone.endVoting()));
      assertThat(early.errorName()).isEqualTo("TooEarly");
      assertThat(Long.parseLong(early.arguments().get(1))).isEqualTo(genesis.votingEndTime().getEpochSecond());
      EventId mark = EventId.atBlockEnd(f.anvil.blockNumber());
      f.startFirstEpoch();
      assertThat(f.state().epoch()).isEqualTo(1);
      assertThat(f.state().phase()).as("no previous committee to sync from").isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
      assertThat(events(f, mark)).containsExactly("EpochParametersSelected(1)", "EpochChangeStarted(1)", "EpochChangeDone(1)");

      // epoch 1: wrong order and too early are refused
      assertThat(reverted(() -> Await.result(anyone.initiateEpochChange())).arguments()).containsExactly("1", "2");
      assertThat(reverted(() -> Await.result(anyone.endVoting())).errorName()).isEqualTo("TooEarly");
      EpochState s1 = f.state();
      f.warpTo(s1.votingEndTime().getEpochSecond() - 5);
      assertThat(reverted(() -> Await.result(f.admin.endVoting())).errorName()).as("the owner has no say after genesis").isEqualTo("TooEarly");
      f.warpTo(s1.votingEndTime().getEpochSecond());
      Await.result(anyone.endVoting());
      assertThat(f.state().phase()).isEqualTo(EpochPhase.NEXT_PARAMS_SELECTED);
      assertThat(reverted(() -> Await.result(anyone.endVoting())).errorName()).isEqualTo("WrongEpochState");
      assertThat(reverted(() -> Await.result(anyone.initiateEpochChange())).errorName()).isEqualTo("TooEarly");
      f.warpTo(s1.nextEpochChangeTime().getEpochSecond());
      mark = EventId.atBlockEnd(f.anvil.blockNumber());
      Await.result(anyone.initiateEpochChange());
      EpochState s2 = f.state();
      assertThat(s2.epoch()).isEqualTo(2);
      assertThat(s2.phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_SYNC);
      assertThat(s2.epochStart()).isAfterOrEqualTo(s1.nextEpochChangeTime());
      assertThat(reverted(() -> Await.result(anyone.endVoting())).arguments()).containsExactly("0", "1");

      // sync: members report; a quorum of shards (7 of 10) completes the change
      CommitteeInfo c = Await.result(f.admin.committee(2));
      assertThat(c.members().stream().map(m -> m.weight()).toList()).containsExactly(3, 3, 2, 2);
      assertThatThrownBy(() -> Await.result(nodes.get(0).cp().epochSyncDone(1))).isInstanceOf(WrongEpochException.class);
      assertThatThrownBy(() -> Await.result(anyone.epochSyncDone(2))).isInstanceOf(UnauthorizedException.class);
      Await.result(nodes.get(0).cp().epochSyncDone(2));
      Await.result(nodes.get(0).cp().epochSyncDone(2)); // repeated: no effect
      Await.result(nodes.get(2).cp().epochSyncDone(2));
      assertThat(f.state().phase()).as("weight 5 < 7").isEqualTo(EpochPhase.EPOCH_CHANGE_SYNC);
      Await.result(nodes.get(3).cp().epochSyncDone(2));
      assertThat(f.state().phase()).as("weight 7").isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
      Await.result(nodes.get(1).cp().epochSyncDone(2)); // late: still reported
      assertThat(events(f, mark)).containsExactly(
          "EpochChangeStarted(2)",
          "ShardsReceived(2," + c.shardsOf(nodes.get(0).id()) + ")",
          "ShardsReceived(2," + c.shardsOf(nodes.get(2).id()) + ")",
          "ShardsReceived(2," + c.shardsOf(nodes.get(3).id()) + ")",
          "EpochChangeDone(2)",
          "ShardsReceived(2," + c.shardsOf(nodes.get(1).id()) + ")");

      // the next epoch can be driven the same way; voting waits for half an epoch from when the change completed
      assertThat(reverted(() -> Await.result(anyone.endVoting())).errorName()).isEqualTo("TooEarly");
      f.advanceEpoch();
      assertThat(f.state().epoch()).isEqualTo(3);
      assertThat(f.state().phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
    }
  }

  @Test
  void shouldTimeTheNextTransitionsFromWhenTheEpochChangeCompleted() {
    try (ChainFixture f = new ChainFixture(10)) {
      f.addNodes(100, 100, 100, 100);
      EvmControlPlane anyone = f.newAccount(TokenAmount.ZERO);
      f.startFirstEpoch();
      f.endVoting();
      f.initiateEpochChange();
      EpochState started = f.state();
      assertThat(started.phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_SYNC);
      // the shard sync is slow: it completes more than a whole epoch after the epoch started
      long late = started.epochStart().getEpochSecond() + ChainFixture.EPOCH.toSeconds() + 600;
      f.warpTo(late);
      CommitteeInfo c = Await.result(f.admin.committee(started.epoch()));
      c.members().forEach(m -> Await.result(f.node(m.nodeId()).cp().epochSyncDone(started.epoch())));
      EpochState done = f.state();
      assertThat(done.phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
      assertThat(done.epochChangeDone().getEpochSecond()).isGreaterThanOrEqualTo(late);
      assertThat(done.votingEndTime()).isEqualTo(done.epochChangeDone().plus(ChainFixture.EPOCH.dividedBy(2)));

      // reference §5.5: voting ends half an epoch after EpochChangeDone(t), the next change a full one after t
      RevertedException early = reverted(() -> Await.result(anyone.endVoting()));
      assertThat(early.errorName()).isEqualTo("TooEarly");
      assertThat(Long.parseLong(early.arguments().get(1))).isEqualTo(done.votingEndTime().getEpochSecond());
      f.warpTo(done.votingEndTime().getEpochSecond());
      Await.result(anyone.endVoting());
      f.warpTo(done.nextEpochChangeTime().getEpochSecond() - 5);
      assertThat(reverted(() -> Await.result(anyone.initiateEpochChange())).errorName()).isEqualTo("TooEarly");
      f.warpTo(done.nextEpochChangeTime().getEpochSecond());
      Await.result(anyone.initiateEpochChange());
      assertThat(f.state().epoch()).isEqualTo(started.epoch() + 1);
    }
  }

  private static List<String> events(ChainFixture f, EventId after) {
    List<ChainEvent> all = Await.result(f.admin.fetchEvents(after, 0, 10_000)).events();
    return all.stream().<String>mapMulti((e, out) -> {
      switch (e) {
        case EpochParametersSelected p -> out.accept("EpochParametersSelected(" + p.nextEpoch() + ")");
        case EpochChangeStarted s -> out.accept("EpochChangeStarted(" + s.epoch() + ")");
        case EpochChangeDone d -> out.accept("EpochChangeDone(" + d.epoch() + ")");
        case ShardsReceived r -> out.accept("ShardsReceived(" + r.epoch() + "," + r.shards() + ")");
        default -> { }
      }
    }).toList();
  }
}
