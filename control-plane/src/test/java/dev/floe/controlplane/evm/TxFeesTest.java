package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replacement fee arithmetic, including the legacy (gas price) form anvil's default hardfork does not use. */
class TxFeesTest {
  private static BigInteger w(long v) {
    return BigInteger.valueOf(v);
  }

  @Test
  void shouldRaiseByThePercentRoundingUpAndByAtLeastOneWei() {
    assertThat(TxFees.raise(w(100), 10)).isEqualTo(w(110));
    assertThat(TxFees.raise(w(101), 10)).isEqualTo(w(112)); // 111.1 rounds up
    assertThat(TxFees.raise(w(1), 10)).isEqualTo(w(2));
    assertThat(TxFees.raise(w(0), 10)).isEqualTo(w(1));
  }

  @Test
  void shouldBumpEip1559FeesAndFollowARisingBaseFee() {
    TxFees first = TxFees.eip1559(w(1_000), w(100), Optional.empty());
    assertThat(first).isEqualTo(new TxFees(true, w(2_100), w(100)));
    // calm market: both fees +15 %
    assertThat(first.bumped(15, w(1_000), Optional.empty())).contains(new TxFees(true, w(2_415), w(115)));
    // the base fee rose to 5,000: twice it plus the new tip
    assertThat(first.bumped(15, w(5_000), Optional.empty())).contains(new TxFees(true, w(10_115), w(115)));
  }

  @Test
  void shouldStopWhenTheCapLeavesLessThanTheRequiredTenPercent() {
    TxFees first = TxFees.eip1559(w(1_000), w(100), Optional.empty());
    // cap 2,400: +14 % on the fee is still a valid replacement
    assertThat(first.bumped(15, w(1_000), Optional.of(w(2_400)))).contains(new TxFees(true, w(2_400), w(115)));
    // cap 2,300: below 2,100 + 10 % = 2,310
    assertThat(first.bumped(15, w(1_000), Optional.of(w(2_300)))).isEmpty();
    // a first offer above the cap is lowered to it, with the tip at most the fee
    assertThat(TxFees.eip1559(w(1_000), w(100), Optional.of(w(50)))).isEqualTo(new TxFees(true, w(50), w(50)));
    // a tip equal to the fee rises with it, within the cap
    assertThat(new TxFees(true, w(50), w(50)).bumped(15, w(10), Optional.of(w(56)))).contains(new TxFees(true, w(56), w(56)));
  }

  @Test
  void shouldBumpALegacyGasPriceToAtLeastTheNodesPrice() {
    TxFees first = TxFees.legacy(w(2_000), Optional.empty());
    assertThat(first.bumped(20, w(1_000), Optional.empty())).contains(new TxFees(false, w(2_400), w(0)));
    assertThat(first.bumped(20, w(9_000), Optional.empty())).contains(new TxFees(false, w(9_000), w(0)));
    assertThat(first.bumped(20, w(9_000), Optional.of(w(2_199)))).isEmpty();
    assertThat(first.bumped(20, w(9_000), Optional.of(w(2_200)))).contains(new TxFees(false, w(2_200), w(0)));
    assertThat(TxFees.legacy(w(2_000), Optional.of(w(1_500))).maxFee()).isEqualTo(w(1_500));
  }
}
