package dev.floe.controlplane;

import java.util.OptionalInt;

/**
 * A stake position: an amount staked with one node by one account. It counts for committee
 * selection and earns rewards in epochs [activationEpoch, withdrawEpoch).
 *
 * @param stakeId the position's ID
 * @param owner the staking account
 * @param nodeId the node staked with
 * @param amount the principal staked, in base units
 * @param principal what the principal is worth after slashing: {@code amount} less the node's
 *     slashes in the epochs the position counted in (what {@link ControlPlane#withdrawStake} pays
 *     besides rewards)
 * @param activationEpoch the first epoch the stake counts in (the next epoch, or the one after if
 *     the next committee was already selected when staking)
 * @param withdrawEpoch the first epoch it no longer counts in, once withdrawal was requested
 * @param withdrawn whether principal and rewards were paid out
 */
public record StakeInfo(
    ObjectId stakeId, Address owner, Address nodeId, TokenAmount amount, TokenAmount principal, int activationEpoch,
    OptionalInt withdrawEpoch, boolean withdrawn) {}
