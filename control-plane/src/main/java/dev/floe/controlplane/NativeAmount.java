package dev.floe.controlplane;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An amount of the chain's native currency (gas money) in its smallest unit (wei on EVM chains).
 * Non-negative; immutable. Amounts compare and add only within one currency.
 *
 * @param units the amount in the currency's smallest unit
 * @param currency the currency
 */
public record NativeAmount(BigInteger units, NativeCurrency currency) implements Comparable<NativeAmount> {
  public NativeAmount {
    if (units == null || units.signum() < 0) {
      throw new IllegalArgumentException("a native amount must be non-negative, got " + units);
    }
    if (currency == null) {
      throw new IllegalArgumentException("a native amount needs its currency");
    }
  }

  /** The amount in whole coins as a decimal (e.g. {@code 1.5} for 1.5 ETH). */
  public BigDecimal toCoins() {
    return new BigDecimal(units, currency.decimals());
  }

  /** The sum; both in the same currency. */
  public NativeAmount plus(NativeAmount other) {
    requireSameCurrency(other);
    return new NativeAmount(units.add(other.units), currency);
  }

  @Override
  public int compareTo(NativeAmount o) {
    requireSameCurrency(o);
    return units.compareTo(o.units);
  }

  private void requireSameCurrency(NativeAmount o) {
    if (!currency.equals(o.currency)) {
      throw new IllegalArgumentException("cannot combine " + currency.symbol() + " and " + o.currency.symbol());
    }
  }

  /** Whole coins and the symbol, e.g. {@code 1.5 ETH}. */
  @Override
  public String toString() {
    return toCoins().stripTrailingZeros().toPlainString() + " " + currency.symbol();
  }
}
