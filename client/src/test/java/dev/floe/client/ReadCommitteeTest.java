package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.client.read.HedgedFetcher;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.core.blob.BlobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ReadCommitteeTest {
  private static final NodeTransport TRANSPORT = new NodeTransport(Duration.ofSeconds(1), Duration.ofSeconds(1));
  /** Epoch 3: a 0-2, b 3-5, c 6-7, d 8-9. */
  private static final NodeDirectory PREVIOUS = directory(3,
      member(0, 'a', List.of(0, 1, 2)), member(1, 'b', List.of(3, 4, 5)), member(2, 'c', List.of(6, 7)),
      member(3, 'd', List.of(8, 9)));
  /** Epoch 4: a keeps 0, b keeps 3, e gains 1-2 and 4-5, f gains 6-9, c and d leave. */
  private static final NodeDirectory CURRENT = directory(4,
      member(0, 'a', List.of(0)), member(1, 'b', List.of(3)), member(2, 'e', List.of(1, 2, 4, 5)),
      member(3, 'f', List.of(6, 7, 8, 9)));
  /** Rotation 0, so pair p lives on shard p. */
  private static final BlobId BLOB = BlobId.of(new byte[32]);

  @AfterAll
  static void close() {
    TRANSPORT.close();
  }

  @Test
  void shouldAskThePreviousCommitteeOnlyWhileAChangeIsInProgressAndThereIsOne() {
    assertThat(ReadCommittee.duringChange(state(4, EpochPhase.EPOCH_CHANGE_SYNC))).isTrue();
    assertThat(ReadCommittee.duringChange(state(4, EpochPhase.EPOCH_CHANGE_DONE))).isFalse();
    assertThat(ReadCommittee.duringChange(state(4, EpochPhase.NEXT_PARAMS_SELECTED))).isFalse();
    assertThat(ReadCommittee.duringChange(state(1, EpochPhase.EPOCH_CHANGE_SYNC)))
        .as("the genesis epoch has no committee to fall back to").isFalse();
  }

  @Test
  void shouldPreferThePreviousOwnersForBlobsCertifiedBeforeTheCurrentEpoch() {
    assertThat(ReadCommittee.previousFirst(4, OptionalInt.of(3))).isTrue();
    assertThat(ReadCommittee.previousFirst(4, OptionalInt.of(1))).isTrue();
    assertThat(ReadCommittee.previousFirst(4, OptionalInt.of(4))).isFalse();
    assertThat(ReadCommittee.previousFirst(4, OptionalInt.empty())).isTrue();
  }

  @Test
  void shouldListBothOwnersOfAMovedShardInOrderAndOneOwnerOfAKeptShard() {
    ReadCommittee during = ReadCommittee.during(PREVIOUS, CURRENT);
    assertThat(names(during.ownersOfPair(BLOB, 0))).containsExactly("a");
    assertThat(names(during.ownersOfPair(BLOB, 1))).containsExactly("a", "e");
    assertThat(names(during.ownersOfPair(BLOB, 7))).containsExactly("c", "f");
    assertThat(names(ReadCommittee.during(CURRENT, PREVIOUS).ownersOfPair(BLOB, 7))).containsExactly("f", "c");
    assertThat(names(ReadCommittee.of(CURRENT).ownersOfPair(BLOB, 7))).containsExactly("f");
  }

  @Test
  void shouldListEveryNodeOnceWithTheFirstCommitteeFirstForMetadata() {
    List<String> names = names(ReadCommittee.during(PREVIOUS, CURRENT).members());
    assertThat(names).hasSize(6).doesNotHaveDuplicates();
    assertThat(names.subList(0, 4)).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(names.subList(4, 6)).containsExactlyInAnyOrder("e", "f");
    assertThat(ReadCommittee.during(PREVIOUS, CURRENT).describe()).isEqualTo("the committees of epochs 3 then 4");
    assertThat(ReadCommittee.of(CURRENT).describe()).isEqualTo("the committee of epoch 4");
  }

  @Test
  void shouldTellApartNodesThatRegisteredTheSameName() throws Exception {
    // names are free text on-chain: a lying node registers under the name of an honest one
    byte[] honestId = new byte[Address.LENGTH];
    honestId[0] = 1;
    byte[] liarId = new byte[Address.LENGTH];
    liarId[0] = 2;
    NodeDirectory twins = directory(5,
        new CommitteeMemberInfo(0, Address.of(honestId), Address.of(honestId), List.of(0, 1, 2, 3, 4), "storage-1",
            "http://127.0.0.1:1"),
        new CommitteeMemberInfo(1, Address.of(liarId), Address.of(liarId), List.of(5, 6, 7, 8, 9), "storage-1",
            "http://127.0.0.1:1"));
    Member honest = twins.ownerOfShard(0);
    Member liar = twins.ownerOfShard(5);
    assertThat(honest.uniqueLabel()).isNotEqualTo(liar.uniqueLabel()).startsWith("storage-1");

    // the liar answers first with bad data: only it is skipped afterwards, not its namesake
    List<HedgedFetcher.Candidate<Integer>> candidates = new ArrayList<>();
    candidates.add(new HedgedFetcher.Candidate<>(liar.uniqueLabel(), "pair 5", () -> {
      throw new IllegalStateException("hash mismatch");
    }));
    for (int pair = 0; pair < 2; pair++) {
      int p = pair;
      candidates.add(new HedgedFetcher.Candidate<>(honest.uniqueLabel(), "pair " + p, () -> p));
    }
    HedgedFetcher.Result<Integer> result =
        HedgedFetcher.fetch(candidates, 2, 1, Duration.ofSeconds(5), t -> false);
    assertThat(result.items()).containsExactly(0, 1);
  }

  private static List<String> names(List<Member> members) {
    List<String> names = new ArrayList<>();
    members.forEach(m -> names.add(m.name()));
    return names;
  }

  private static EpochState state(int epoch, EpochPhase phase) {
    Instant t = Instant.ofEpochSecond(1_000_000);
    return new EpochState(epoch, phase, t, Duration.ofHours(1), 10, t);
  }

  private static CommitteeMemberInfo member(int index, char name, List<Integer> shards) {
    byte[] id = new byte[Address.LENGTH];
    id[0] = (byte) name;
    return new CommitteeMemberInfo(index, Address.of(id), Address.of(id), shards, String.valueOf(name),
        "http://127.0.0.1:1");
  }

  private static NodeDirectory directory(int epoch, CommitteeMemberInfo... members) {
    return new NodeDirectory(new CommitteeInfo(epoch, 10, List.of(members)), TRANSPORT);
  }
}
