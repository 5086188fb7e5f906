package dev.floe.controlplane.evm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transaction fee settings an operator may give for the EVM connection, each optional (unset keeps
 * the default of {@link EvmConfig#local}/{@link EvmConfig#remote}): the fee cap, and when and by how
 * much an unmined transaction is replaced with higher fees. Used by the storage node's and the
 * daemon's {@code chain} sections, the SDK's {@code ChainConnection} and the CLI's {@code --fee-cap},
 * {@code --fee-bump-after}, {@code --fee-bump-percent}. Every refusal is an {@link
 * InvalidFeeSettingException} whose message names the setting as its source calls it ({@link Names}).
 *
 * <p>Text forms: a fee cap is an amount of gas price with unit {@code gwei} (the default, decimals
 * allowed down to 1 wei) or {@code wei}, e.g. {@code 50gwei}, {@code 1.5gwei}, {@code
 * 1500000000wei}, {@code 50}; a delay is a whole number with unit {@code ms}, {@code s} (the
 * default), {@code m} or {@code h}, e.g. {@code 90s}, {@code 2m}.
 *
 * @param feeCap the most wei per gas any transaction may offer
 * @param feeBumpAfter how long a transaction may go unmined before it is replaced with higher fees
 * @param feeBumpPercent how much each replacement raises the fees, in percent
 */
public record FeeSettings(Optional<BigInteger> feeCap, Optional<Duration> feeBumpAfter, OptionalInt feeBumpPercent) {
  /** Nothing set: the connection's defaults. */
  public static final FeeSettings DEFAULTS = new FeeSettings(Optional.empty(), Optional.empty(), OptionalInt.empty());
  /** Smallest fee bump nodes accept for a replacement (see {@link EvmConfig#feeBumpPercent()}). */
  public static final int MIN_BUMP_PERCENT = 10;
  /** Largest fee bump allowed. */
  public static final int MAX_BUMP_PERCENT = 1000;

  private static final BigDecimal WEI_PER_GWEI = BigDecimal.TEN.pow(9);
  private static final Pattern FEE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(gwei|wei)?");
  private static final Pattern DELAY = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  /** @throws InvalidFeeSettingException for a cap or delay that is not positive, or a bump out of range */
  public FeeSettings {
    if (feeCap == null || feeBumpAfter == null || feeBumpPercent == null) {
      throw new InvalidFeeSettingException("fee settings must not be null (use empty optionals)");
    }
    if (feeCap.isPresent() && feeCap.get().signum() <= 0) {
      throw new InvalidFeeSettingException("the fee cap must be positive, got " + feeCap.get() + " wei");
    }
    if (feeBumpAfter.isPresent() && (feeBumpAfter.get().isNegative() || feeBumpAfter.get().isZero())) {
      throw new InvalidFeeSettingException("the fee bump delay must be positive, got " + feeBumpAfter.get());
    }
    if (feeBumpPercent.isPresent()
        && (feeBumpPercent.getAsInt() < MIN_BUMP_PERCENT || feeBumpPercent.getAsInt() > MAX_BUMP_PERCENT)) {
      throw new InvalidFeeSettingException("the fee bump must be in [" + MIN_BUMP_PERCENT + ", " + MAX_BUMP_PERCENT
          + "] percent (nodes refuse replacements below +10 %), got " + feeBumpPercent.getAsInt());
    }
  }

  /**
   * Settings from their text forms, each null when not given.
   *
   * @param names how the caller calls the three settings (for example {@code chain.fee_cap} or
   *     {@code --fee-cap}), used in error messages
   * @throws InvalidFeeSettingException naming the setting that is malformed or out of range
   */
  public static FeeSettings parse(String feeCap, String feeBumpAfter, Integer feeBumpPercent, Names names) {
    Optional<BigInteger> cap = feeCap == null ? Optional.empty() : Optional.of(parseFeeCap(feeCap, names.feeCap()));
    Optional<Duration> after =
        feeBumpAfter == null ? Optional.empty() : Optional.of(parseDelay(feeBumpAfter, names.feeBumpAfter()));
    if (feeBumpPercent != null && (feeBumpPercent < MIN_BUMP_PERCENT || feeBumpPercent > MAX_BUMP_PERCENT)) {
      throw new InvalidFeeSettingException(names.feeBumpPercent() + " must be in [" + MIN_BUMP_PERCENT + ", "
          + MAX_BUMP_PERCENT + "] (nodes refuse replacements below +10 %), got " + feeBumpPercent);
    }
    return new FeeSettings(cap, after,
        feeBumpPercent == null ? OptionalInt.empty() : OptionalInt.of(feeBumpPercent));
  }

  /**
   * What the caller calls each setting, for error messages.
   *
   * @param feeCap the name of the fee cap, e.g. {@code --fee-cap} or {@code chain.fee_cap}
   * @param feeBumpAfter the name of the bump delay
   * @param feeBumpPercent the name of the bump percent
   */
  public record Names(String feeCap, String feeBumpAfter, String feeBumpPercent) {
    /** Plain words, for settings that were not given by a named option or key. */
    public static final Names PLAIN = new Names("the fee cap", "the fee bump delay", "the fee bump percent");

    /** These names, each replaced by {@code other}'s where {@code settings} sets that setting. */
    public Names where(FeeSettings settings, Names other) {
      return new Names(settings.feeCap().isPresent() ? other.feeCap : feeCap,
          settings.feeBumpAfter().isPresent() ? other.feeBumpAfter : feeBumpAfter,
          settings.feeBumpPercent().isPresent() ? other.feeBumpPercent : feeBumpPercent);
    }
  }

  /** A fee setting that is malformed, out of range, or unusable with the connection's settings. */
  public static final class InvalidFeeSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the setting */
    public InvalidFeeSettingException(String message) {
      super(message);
    }
  }

  /** Parses a fee cap ({@code 50gwei}, {@code 1.5gwei}, {@code 1500000000wei}; no unit = gwei) into wei. */
  public static BigInteger parseFeeCap(String text, String name) {
    Matcher m = FEE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidFeeSettingException(name + " must be a gas price such as 50gwei, 1.5gwei or 1500000000wei,"
          + " got '" + text + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    boolean wei = "wei".equals(m.group(2));
    BigDecimal inWei = wei ? amount : amount.multiply(WEI_PER_GWEI);
    BigInteger exact;
    try {
      exact = inWei.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new InvalidFeeSettingException(name + " is finer than 1 wei: '" + text + "'");
    }
    if (exact.signum() <= 0) {
      throw new InvalidFeeSettingException(name + " must be positive, got '" + text + "'");
    }
    return exact;
  }

  /** Parses a delay ({@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}; no unit = seconds). */
  public static Duration parseDelay(String text, String name) {
    Matcher m = DELAY.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidFeeSettingException(name + " must be a delay such as 90s, 2m or 500ms, got '" + text + "'");
    }
    long v;
    try {
      v = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new InvalidFeeSettingException(name + " is too large: '" + text + "'");
    }
    if (v <= 0) {
      throw new InvalidFeeSettingException(name + " must be positive, got '" + text + "'");
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    try {
      return switch (unit) {
        case "ms" -> Duration.ofMillis(v);
        case "m" -> Duration.ofMinutes(v);
        case "h" -> Duration.ofHours(v);
        default -> Duration.ofSeconds(v);
      };
    } catch (ArithmeticException e) {
      throw new InvalidFeeSettingException(name + " is too large: '" + text + "'");
    }
  }

  /**
   * These settings with each one {@code overrides} sets replaced by its value there (for example
   * command-line options over a config file).
   */
  public FeeSettings overriddenBy(FeeSettings overrides) {
    return new FeeSettings(overrides.feeCap.or(() -> feeCap), overrides.feeBumpAfter.or(() -> feeBumpAfter),
        overrides.feeBumpPercent.isPresent() ? overrides.feeBumpPercent : feeBumpPercent);
  }

  /** Whether nothing is set. */
  public boolean isDefault() {
    return feeCap.isEmpty() && feeBumpAfter.isEmpty() && feeBumpPercent.isEmpty();
  }

  /**
   * {@code base} with these settings applied.
   *
   * @throws InvalidFeeSettingException when {@code base} refuses them, e.g. a bump delay shorter than
   *     its receipt poll interval (the message names the setting)
   */
  public EvmConfig applyTo(EvmConfig base, Names names) {
    EvmConfig c = base;
    if (feeBumpAfter.isPresent() || feeBumpPercent.isPresent()) {
      Duration after = feeBumpAfter.orElse(base.feeBumpAfter());
      if (after.compareTo(base.receiptPollInterval()) < 0) {
        throw new InvalidFeeSettingException(names.feeBumpAfter() + " must be at least the receipt poll interval of "
            + base.receiptPollInterval().toMillis() + " ms, got " + after.toMillis() + " ms");
      }
      c = c.withFeeBump(after, feeBumpPercent.orElse(base.feeBumpPercent()));
    }
    if (feeCap.isPresent()) {
      c = c.withFeeCap(feeCap.get());
    }
    return c;
  }

  @Override
  public String toString() {
    return "FeeSettings[cap " + feeCap.map(w -> w + " wei").orElse("none") + ", bump after "
        + feeBumpAfter.map(Duration::toString).orElse("default") + " by "
        + (feeBumpPercent.isPresent() ? feeBumpPercent.getAsInt() + " %" : "default") + "]";
  }
}
