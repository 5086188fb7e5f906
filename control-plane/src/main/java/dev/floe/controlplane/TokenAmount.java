package dev.floe.controlplane;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An amount of the Floe token in base units. The token has 9 decimals (like WAL: 1 token =
 * 10^9 base units). Non-negative; immutable.
 *
 * @param units the amount in base units
 */
public record TokenAmount(BigInteger units) implements Comparable<TokenAmount> {
  /** Decimals of the token. */
  public static final int DECIMALS = 9;

  /** Base units in one whole token. */
  public static final BigInteger UNITS_PER_TOKEN = BigInteger.TEN.pow(DECIMALS);

  /** Nothing. */
  public static final TokenAmount ZERO = new TokenAmount(BigInteger.ZERO);

  public TokenAmount {
    if (units == null || units.signum() < 0) {
      throw new IllegalArgumentException("a token amount must be non-negative, got " + units);
    }
  }

  /** An amount in base units. */
  public static TokenAmount ofUnits(long units) {
    return new TokenAmount(BigInteger.valueOf(units));
  }

  /** An amount in whole tokens. */
  public static TokenAmount ofTokens(long tokens) {
    return new TokenAmount(BigInteger.valueOf(tokens).multiply(UNITS_PER_TOKEN));
  }

  /** The sum. */
  public TokenAmount plus(TokenAmount other) {
    return new TokenAmount(units.add(other.units));
  }

  /** This amount times {@code factor}. */
  public TokenAmount times(long factor) {
    return new TokenAmount(units.multiply(BigInteger.valueOf(factor)));
  }

  /** The amount in whole tokens as a decimal. */
  public BigDecimal toTokens() {
    return new BigDecimal(units, DECIMALS);
  }

  @Override
  public int compareTo(TokenAmount o) {
    return units.compareTo(o.units);
  }

  @Override
  public String toString() {
    return toTokens().stripTrailingZeros().toPlainString() + " FLOE";
  }
}
