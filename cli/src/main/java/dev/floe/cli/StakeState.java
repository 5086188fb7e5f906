package dev.floe.cli;

import dev.floe.controlplane.StakeInfo;
import java.util.Locale;

/**
 * Where a stake position stands in the current epoch, as {@code floe stake list|info} show it:
 *
 * <pre>
 *   PENDING --activation epoch starts--&gt; ACTIVE --request-withdrawal--&gt; WITHDRAWING
 *   WITHDRAWING --withdraw epoch starts--&gt; WITHDRAWABLE --withdraw--&gt; WITHDRAWN
 *   PENDING --request-withdrawal--&gt; WITHDRAWING (payable from its activation epoch, never counted)
 * </pre>
 */
enum StakeState {
  /** Deposited; counts from its activation epoch, which has not started. */
  PENDING,
  /** Counts for committee selection and earns rewards. */
  ACTIVE,
  /** Withdrawal requested; payable once the withdraw epoch starts. */
  WITHDRAWING,
  /** The withdraw epoch has started: {@code floe stake withdraw} pays principal and rewards. */
  WITHDRAWABLE,
  /** Principal and rewards were paid out. */
  WITHDRAWN;

  /** The state of {@code stake} in epoch {@code currentEpoch}. */
  static StakeState of(StakeInfo stake, int currentEpoch) {
    if (stake.withdrawn()) {
      return WITHDRAWN;
    }
    if (stake.withdrawEpoch().isPresent()) {
      return currentEpoch >= stake.withdrawEpoch().getAsInt() ? WITHDRAWABLE : WITHDRAWING;
    }
    return currentEpoch >= stake.activationEpoch() ? ACTIVE : PENDING;
  }

  /** The lower-case name used in text and JSON output. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
