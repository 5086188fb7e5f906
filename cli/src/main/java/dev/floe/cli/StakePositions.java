package dev.floe.cli;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;

/**
 * The checks the staking commands make before they send a transaction, so that an unknown stake ID,
 * someone else's position or a withdrawal that is not due gets a plain answer (and no gas is spent);
 * the contract checks the same again, and its refusals map to the same exit codes.
 */
final class StakePositions {
  private StakePositions() {}

  /** The position; {@link Floe.ExitCodes#NOT_FOUND} when the deployment has none with this ID. */
  static StakeInfo find(ControlPlane cp, ObjectId stakeId) {
    return ChainCalls.await(cp.stakeInfo(stakeId)).orElseThrow(() -> new CliException(Floe.ExitCodes.NOT_FOUND,
        "no stake position " + StakeFormat.id(stakeId) + " on this deployment (staking contract "
            + cp.deployment().contracts().staking().toHex() + ")"));
  }

  /**
   * The position, owned by the wallet and not paid out yet; {@link Floe.ExitCodes#REFUSED} for
   * another owner's or a withdrawn position.
   */
  static StakeInfo owned(ControlPlane cp, ObjectId stakeId) {
    StakeInfo s = find(cp, stakeId);
    if (!s.owner().equals(cp.account())) {
      throw new CliException(Floe.ExitCodes.REFUSED, "stake " + StakeFormat.id(stakeId) + " belongs to "
          + s.owner().toHex() + ", not to this wallet (" + cp.account().toHex() + "): only its owner can withdraw it");
    }
    if (s.withdrawn()) {
      throw new CliException(Floe.ExitCodes.REFUSED, "stake " + StakeFormat.id(stakeId) + " was already withdrawn");
    }
    return s;
  }
}
