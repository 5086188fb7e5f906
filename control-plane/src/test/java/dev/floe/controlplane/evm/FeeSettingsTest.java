package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Fee settings: the text forms of a fee cap and a delay, their bounds with messages that name the
 * setting (always an {@link FeeSettings.InvalidFeeSettingException}), how they change an {@link
 * EvmConfig}, and how settings from two sources combine.
 */
class FeeSettingsTest {
  private static final FeeSettings.Names CLI = new FeeSettings.Names("--fee-cap", "--fee-bump-after", "--fee-bump-percent");

  @Test
  void parsesFeeCapsInGweiAndWei() {
    assertThat(FeeSettings.parseFeeCap("50gwei", "cap")).isEqualTo(BigInteger.valueOf(50_000_000_000L));
    assertThat(FeeSettings.parseFeeCap("50", "cap")).as("gwei by default").isEqualTo(BigInteger.valueOf(50_000_000_000L));
    assertThat(FeeSettings.parseFeeCap("1.5 GWEI", "cap")).isEqualTo(BigInteger.valueOf(1_500_000_000L));
    assertThat(FeeSettings.parseFeeCap("0.000000001gwei", "cap")).isEqualTo(BigInteger.ONE);
    assertThat(FeeSettings.parseFeeCap("1500000000wei", "cap")).isEqualTo(BigInteger.valueOf(1_500_000_000L));
    assertThat(FeeSettings.parseFeeCap("123456789012345678901234567890wei", "cap"))
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
  }

  @Test
  void refusesMalformedZeroAndSubWeiFeeCapsNamingTheSetting() {
    assertThatThrownBy(() -> FeeSettings.parseFeeCap("fifty", "--fee-cap")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fee-cap must be a gas price such as 50gwei").hasMessageContaining("'fifty'");
    assertThatThrownBy(() -> FeeSettings.parseFeeCap("-3gwei", "--fee-cap")).hasMessageContaining("--fee-cap must be");
    assertThatThrownBy(() -> FeeSettings.parseFeeCap("50eth", "--fee-cap")).hasMessageContaining("'50eth'");
    assertThatThrownBy(() -> FeeSettings.parseFeeCap("0gwei", "--fee-cap")).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> FeeSettings.parseFeeCap("1.5wei", "--fee-cap")).hasMessageContaining("finer than 1 wei");
    assertThatThrownBy(() -> FeeSettings.parseFeeCap("0.0000000001gwei", "--fee-cap"))
        .hasMessageContaining("finer than 1 wei");
  }

  @Test
  void parsesDelaysWithUnitsAndRefusesBadOnes() {
    assertThat(FeeSettings.parseDelay("90", "d")).isEqualTo(Duration.ofSeconds(90));
    assertThat(FeeSettings.parseDelay("90s", "d")).isEqualTo(Duration.ofSeconds(90));
    assertThat(FeeSettings.parseDelay("2m", "d")).isEqualTo(Duration.ofMinutes(2));
    assertThat(FeeSettings.parseDelay("1h", "d")).isEqualTo(Duration.ofHours(1));
    assertThat(FeeSettings.parseDelay("750ms", "d")).isEqualTo(Duration.ofMillis(750));
    assertThatThrownBy(() -> FeeSettings.parseDelay("soon", "--fee-bump-after"))
        .hasMessageContaining("--fee-bump-after must be a delay such as 90s");
    assertThatThrownBy(() -> FeeSettings.parseDelay("1.5s", "--fee-bump-after")).hasMessageContaining("'1.5s'");
    assertThatThrownBy(() -> FeeSettings.parseDelay("0s", "--fee-bump-after")).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> FeeSettings.parseDelay("99999999999999999999s", "--fee-bump-after"))
        .hasMessageContaining("too large");
  }

  @Test
  void checksTheBumpPercentAndLeavesUnsetSettingsAtTheConnectionDefaults() {
    assertThatThrownBy(() -> FeeSettings.parse(null, null, 9, CLI)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fee-bump-percent must be in [10, 1000]").hasMessageContaining("got 9");
    assertThatThrownBy(() -> FeeSettings.parse(null, null, 1001, CLI)).hasMessageContaining("got 1001");
    assertThat(FeeSettings.parse(null, null, null, CLI)).isEqualTo(FeeSettings.DEFAULTS);
    assertThat(FeeSettings.DEFAULTS.isDefault()).isTrue();

    EvmConfig remote = EvmConfig.remote("https://rpc.example");
    assertThat(FeeSettings.DEFAULTS.applyTo(remote, CLI)).isEqualTo(remote);
    EvmConfig capped = FeeSettings.parse("30gwei", null, null, CLI).applyTo(remote, CLI);
    assertThat(capped.feeCap()).contains(BigInteger.valueOf(30_000_000_000L));
    assertThat(capped.feeBumpAfter()).isEqualTo(remote.feeBumpAfter());
    assertThat(capped.feeBumpPercent()).isEqualTo(remote.feeBumpPercent());
    EvmConfig bumped = FeeSettings.parse(null, "2m", 25, CLI).applyTo(remote, CLI);
    assertThat(bumped.feeBumpAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(bumped.feeBumpPercent()).isEqualTo(25);
    assertThat(bumped.feeCap()).isEmpty();
    assertThat(FeeSettings.parse(null, null, 50, CLI).applyTo(remote, CLI).feeBumpAfter())
        .as("only the percent given").isEqualTo(remote.feeBumpAfter());
    // the public-network settings poll receipts every second: a shorter bump delay cannot work
    assertThatThrownBy(() -> FeeSettings.parse(null, "500ms", null, CLI).applyTo(remote, CLI))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fee-bump-after must be at least the receipt poll interval of 1000 ms");
    assertThat(new FeeSettings(Optional.empty(), Optional.of(Duration.ofMillis(500)), OptionalInt.empty())
        .applyTo(EvmConfig.local("http://127.0.0.1:8545"), CLI).feeBumpAfter()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void refusalsAreTypedSoCallersCanTellThemFromOtherBadInput() {
    assertThatThrownBy(() -> FeeSettings.parse("lots", null, null, CLI))
        .isInstanceOf(FeeSettings.InvalidFeeSettingException.class);
    assertThatThrownBy(() -> FeeSettings.parse(null, "0", null, CLI))
        .isInstanceOf(FeeSettings.InvalidFeeSettingException.class);
    assertThatThrownBy(() -> FeeSettings.parse(null, null, 5, CLI))
        .isInstanceOf(FeeSettings.InvalidFeeSettingException.class);
    assertThatThrownBy(() -> new FeeSettings(Optional.of(BigInteger.ZERO), Optional.empty(), OptionalInt.empty()))
        .isInstanceOf(FeeSettings.InvalidFeeSettingException.class).hasMessageContaining("fee cap must be positive");
    assertThatThrownBy(() -> FeeSettings.parse(null, "500ms", null, CLI)
        .applyTo(EvmConfig.remote("https://rpc.example"), CLI))
        .isInstanceOf(FeeSettings.InvalidFeeSettingException.class);
  }

  @Test
  void overridesReplaceOnlyTheSettingsTheyGiveAndTheirNamesFollow() {
    FeeSettings.Names yaml = new FeeSettings.Names("chain.fee_cap", "chain.fee_bump_after_millis", "chain.fee_bump_percent");
    FeeSettings file = FeeSettings.parse("40gwei", "90s", 20, yaml);
    FeeSettings options = FeeSettings.parse("60gwei", null, null, CLI);
    FeeSettings merged = file.overriddenBy(options);
    assertThat(merged).isEqualTo(new FeeSettings(Optional.of(BigInteger.valueOf(60_000_000_000L)),
        Optional.of(Duration.ofSeconds(90)), OptionalInt.of(20)));
    assertThat(file.overriddenBy(FeeSettings.DEFAULTS)).isEqualTo(file);
    assertThat(FeeSettings.DEFAULTS.overriddenBy(options)).isEqualTo(options);
    assertThat(FeeSettings.parse(null, null, 30, CLI).overriddenBy(FeeSettings.parse(null, null, 50, CLI))
        .feeBumpPercent()).hasValue(50);

    assertThat(yaml.where(options, CLI)).isEqualTo(
        new FeeSettings.Names("--fee-cap", "chain.fee_bump_after_millis", "chain.fee_bump_percent"));
    assertThat(yaml.where(FeeSettings.DEFAULTS, CLI)).isEqualTo(yaml);
    // a too-short delay from the command line is reported under the option's name
    FeeSettings fast = file.overriddenBy(FeeSettings.parse(null, "200ms", null, CLI));
    assertThatThrownBy(() -> fast.applyTo(EvmConfig.remote("https://rpc.example"),
        yaml.where(FeeSettings.parse(null, "200ms", null, CLI), CLI)))
        .hasMessageStartingWith("--fee-bump-after must be at least the receipt poll interval");
  }
}
