package dev.floe.core.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.InvalidSizeException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommitteeTest {
  static CommitteeMember member(int index, List<Integer> shards) {
    byte[] address = new byte[20];
    address[19] = (byte) index;
    return new CommitteeMember(index, new byte[] {(byte) index}, address, shards);
  }

  private static Committee tenShards() {
    return new Committee(
        7,
        List.of(
            member(0, List.of(0, 1, 2, 3)), member(1, List.of(4, 5, 6)), member(2, List.of(7, 8)), member(3, List.of()),
            member(4, List.of(9))));
  }

  @Test
  void shouldComputeWeightsAndOwners() {
    Committee c = tenShards();
    assertThat(c.nShards()).isEqualTo(10);
    assertThat(c.epoch()).isEqualTo(7);
    assertThat(c.weightOf(0)).isEqualTo(4);
    assertThat(c.weightOf(Set.of(1, 2))).isEqualTo(5);
    assertThat(c.weightOf(List.of(1, 1, 2))).as("duplicates count once").isEqualTo(5);
    assertThat(c.ownerOfShard(8).index()).isEqualTo(2);
    assertThat(c.ownerOfShard(9).index()).isEqualTo(4);
    assertThat(c.membersWithShards()).extracting(CommitteeMember::index).containsExactly(0, 1, 2, 4);
  }

  @Test
  void shouldApplyShardThresholds() {
    Committee c = tenShards();
    // n = 10, f = 3: quorum needs 7 shards, validity 4
    assertThat(c.isQuorum(c.weightOf(Set.of(0, 1)))).isTrue();
    assertThat(c.isQuorum(c.weightOf(Set.of(0, 2)))).isFalse();
    assertThat(c.isValidity(c.weightOf(Set.of(0)))).isTrue();
    assertThat(c.isValidity(c.weightOf(Set.of(1)))).isFalse();
  }

  @Test
  void shouldRejectInconsistentCommittees() {
    assertThatThrownBy(() -> new Committee(1, List.of(member(0, List.of(0)), member(1, List.of(0)))))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("shard 0 is held by members 0 and 1");
    assertThatThrownBy(() -> new Committee(1, List.of(member(0, List.of(0, 2)))))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("only 2 shards");
    assertThatThrownBy(() -> new Committee(1, List.of(member(1, List.of(0)))))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("position 0 has index 1");
    assertThatThrownBy(() -> new Committee(1, List.of())).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> member(0, List.of(1, 1))).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> tenShards().ownerOfShard(10)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> tenShards().member(5)).isInstanceOf(InvalidSizeException.class);
  }
}
