package dev.floe.controlplane;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A registered storage node as the chain records it.
 *
 * @param nodeId the node's ID, which is its operator account
 * @param name the human-readable name
 * @param networkAddress where the node's REST API listens
 * @param protocolPublicKey the secp256k1 protocol key, 64 bytes x‖y (a copy is returned)
 * @param protocolKeyAddress keccak256(x‖y)[12..32], what signatures recover to
 * @param commissionBps commission in basis points that applies to the current epoch (a change
 *     announced with {@link ControlPlane#setCommission} shows here once it is in effect)
 * @param votes the node's price and capacity votes
 * @param activeStake the stake counted in the current epoch
 * @param nextEpochStake the stake that will count in the next epoch (pending changes included)
 * @param commissionBalance commission earned and not yet collected
 * @param registeredEpoch the epoch the node registered in
 * @param scheduledCommission a commission change announced with {@link ControlPlane#setCommission}
 *     that is not in effect yet, if any
 */
public record NodeInfo(
    Address nodeId,
    String name,
    String networkAddress,
    byte[] protocolPublicKey,
    Address protocolKeyAddress,
    int commissionBps,
    NodeVotes votes,
    TokenAmount activeStake,
    TokenAmount nextEpochStake,
    TokenAmount commissionBalance,
    int registeredEpoch,
    Optional<CommissionChange> scheduledCommission) {

  /**
   * A commission rate that applies from a later epoch.
   *
   * @param commissionBps the new rate in basis points
   * @param fromEpoch the first epoch whose rewards it applies to
   */
  public record CommissionChange(int commissionBps, int fromEpoch) {}

  public NodeInfo {
    if (protocolPublicKey == null || protocolPublicKey.length != 64) {
      throw new IllegalArgumentException("protocol public key must have 64 bytes");
    }
    protocolPublicKey = protocolPublicKey.clone();
    java.util.Objects.requireNonNull(scheduledCommission, "scheduledCommission");
  }

  @Override
  public byte[] protocolPublicKey() {
    return protocolPublicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeInfo n
        && nodeId.equals(n.nodeId) && name.equals(n.name) && networkAddress.equals(n.networkAddress)
        && Arrays.equals(protocolPublicKey, n.protocolPublicKey)
        && protocolKeyAddress.equals(n.protocolKeyAddress) && commissionBps == n.commissionBps
        && votes.equals(n.votes) && activeStake.equals(n.activeStake)
        && nextEpochStake.equals(n.nextEpochStake) && commissionBalance.equals(n.commissionBalance)
        && registeredEpoch == n.registeredEpoch && scheduledCommission.equals(n.scheduledCommission);
  }

  @Override
  public int hashCode() {
    return nodeId.hashCode() * 31 + Arrays.hashCode(protocolPublicKey);
  }

  @Override
  public String toString() {
    return "NodeInfo[" + nodeId + " '" + name + "' at " + networkAddress + ", key "
        + HexFormat.of().formatHex(protocolPublicKey, 0, 4) + ".., stake " + activeStake
        + " (next " + nextEpochStake + "), commission " + commissionBps + " bps"
        + scheduledCommission.map(c -> ", " + c.commissionBps() + " bps from epoch " + c.fromEpoch()).orElse("") + "]";
  }
}
