package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Parsing of the staking commands' arguments (token amounts, addresses) with usage errors that name
 * the option, and the text and JSON form of a stake position. Amounts in JSON are base units as
 * decimal strings ({@code ...Units}); in text, tokens ({@code 12.5 FLOE}).
 */
final class StakeFormat {
  /** The contract takes stake amounts as uint96. */
  private static final int AMOUNT_BITS = 96;

  private StakeFormat() {}

  /** {@code tokens} (up to 9 decimals) in base units; positive. */
  static TokenAmount amount(BigDecimal tokens, String option) {
    BigInteger units;
    try {
      units = tokens.movePointRight(TokenAmount.DECIMALS).toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new CliException(Floe.ExitCodes.USAGE, option + " has more than " + TokenAmount.DECIMALS + " decimals");
    }
    if (units.signum() <= 0) {
      throw new CliException(Floe.ExitCodes.USAGE, option + " must be positive");
    }
    if (units.bitLength() > AMOUNT_BITS) {
      throw new CliException(Floe.ExitCodes.USAGE, option + " is too large: at most 2^96-1 base units");
    }
    return new TokenAmount(units);
  }

  /** An account or node ID given as {@code 0x} + 40 hex digits. */
  static Address address(String text, String option) {
    try {
      return Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(Floe.ExitCodes.USAGE, option + ": " + e.getMessage());
    }
  }

  /** A stake ID as printed: {@code 0x} + 64 hex digits. */
  static String id(ObjectId stakeId) {
    return "0x" + stakeId.toHex();
  }

  /** Tokens without the unit, for JSON ({@code 12.5}). */
  static String tokens(TokenAmount amount) {
    return amount.toTokens().stripTrailingZeros().toPlainString();
  }

  /** The position as JSON; {@code rewards} when known (not for a withdrawn position). */
  static ObjectNode json(StakeInfo s, int currentEpoch, Optional<TokenAmount> rewards) {
    ObjectNode o = ClientOutput.JSON.createObjectNode();
    o.put("stakeId", id(s.stakeId()));
    o.put("owner", s.owner().toHex());
    o.put("nodeId", s.nodeId().toHex());
    o.put("state", StakeState.of(s, currentEpoch).label());
    o.put("amountUnits", s.amount().units().toString());
    o.put("principalUnits", s.principal().units().toString());
    o.put("activationEpoch", s.activationEpoch());
    if (s.withdrawEpoch().isPresent()) {
      o.put("withdrawEpoch", s.withdrawEpoch().getAsInt());
    } else {
      o.putNull("withdrawEpoch");
    }
    o.put("withdrawn", s.withdrawn());
    rewards.ifPresent(r -> o.put("rewardsUnits", r.units().toString()));
    return o;
  }

  /** What a position's state means for its owner, in words: when it counts, when it can be paid. */
  static String explain(StakeInfo s, int currentEpoch) {
    return switch (StakeState.of(s, currentEpoch)) {
      case PENDING -> "counts from epoch " + s.activationEpoch();
      case ACTIVE -> "counting since epoch " + s.activationEpoch();
      case WITHDRAWING -> "withdrawable from epoch " + s.withdrawEpoch().getAsInt();
      case WITHDRAWABLE -> "withdrawable now ('floe stake withdraw " + id(s.stakeId()) + "')";
      case WITHDRAWN -> "paid out";
    };
  }
}
