package dev.floe.core.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.InvalidSizeException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BftTest {

  @Test
  void shouldMatchTheWalrusThresholdsForMainnetAndLocalnet() {
    assertThat(Bft.maxFaulty(1000)).isEqualTo(333);
    assertThat(Bft.quorumWeight(1000)).isEqualTo(667);
    assertThat(Bft.validityWeight(1000)).isEqualTo(334);
    assertThat(Bft.maxFaulty(100)).isEqualTo(33);
    assertThat(Bft.quorumWeight(100)).isEqualTo(67);
    assertThat(Bft.validityWeight(100)).isEqualTo(34);
    assertThat(Bft.isQuorum(666, 1000)).isFalse();
    assertThat(Bft.isQuorum(667, 1000)).isTrue();
    assertThat(Bft.isValidity(333, 1000)).isFalse();
    assertThat(Bft.isValidity(334, 1000)).isTrue();
  }

  @Test
  void shouldRejectShardCountsOutsideU16() {
    assertThatThrownBy(() -> Bft.maxFaulty(0)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> Bft.isQuorum(1, 65536)).isInstanceOf(InvalidSizeException.class);
  }

  @Property
  void thresholdWeightsAreTheSmallestWeightsThatPass(@ForAll @IntRange(min = 1, max = 65535) int n) {
    int quorum = Bft.quorumWeight(n);
    assertThat(Bft.isQuorum(quorum, n)).isTrue();
    assertThat(Bft.isQuorum(quorum - 1, n)).isFalse();
    int validity = Bft.validityWeight(n);
    assertThat(Bft.isValidity(validity, n)).isTrue();
    assertThat(Bft.isValidity(validity - 1, n)).isFalse();
    // two quorums always share more than f shards, so at least one honest one
    assertThat(2L * quorum - n).isGreaterThan(Bft.maxFaulty(n));
    assertThat(Bft.minCorrect(n)).isEqualTo(n - Bft.maxFaulty(n));
  }
}
