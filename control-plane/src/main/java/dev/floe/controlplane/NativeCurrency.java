package dev.floe.controlplane;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The chain's own currency, which pays the fees of every transaction ("gas money"): its symbol and
 * how many decimals its smallest unit has (ETH and wei, 18 decimals, on EVM chains). Immutable.
 *
 * @param symbol the currency's symbol as the chain's wallets show it, e.g. {@code ETH}
 * @param decimals decimals of the smallest unit (0..36)
 */
public record NativeCurrency(String symbol, int decimals) {
  /** The largest number of decimals accepted. */
  public static final int MAX_DECIMALS = 36;

  public NativeCurrency {
    if (symbol == null || symbol.isBlank()) {
      throw new IllegalArgumentException("a native currency needs a symbol");
    }
    if (decimals < 0 || decimals > MAX_DECIMALS) {
      throw new IllegalArgumentException("decimals must be 0.." + MAX_DECIMALS + ", got " + decimals);
    }
  }

  /** {@code units} of the smallest unit. */
  public NativeAmount ofUnits(BigInteger units) {
    return new NativeAmount(units, this);
  }

  /**
   * {@code coins} whole coins (e.g. {@code 1.5} ETH) in the smallest unit. Fails with {@link
   * IllegalArgumentException} for a negative amount or one with more decimals than the currency has.
   */
  public NativeAmount ofCoins(BigDecimal coins) {
    if (coins.signum() < 0) {
      throw new IllegalArgumentException("an amount must not be negative, got " + coins.toPlainString());
    }
    try {
      return new NativeAmount(coins.movePointRight(decimals).toBigIntegerExact(), this);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          coins.toPlainString() + " " + symbol + " has more than " + decimals + " decimals", e);
    }
  }
}
