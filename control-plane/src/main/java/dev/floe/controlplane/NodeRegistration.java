package dev.floe.controlplane;

/**
 * What an operator declares when registering a storage node. The node ID is the operator's
 * account; the protocol key (secp256k1, it signs storage confirmations) is given separately and
 * proven by a proof of possession.
 *
 * @param name a human-readable name
 * @param networkAddress where the node's REST API listens, for example {@code 127.0.0.1:9185}
 * @param commissionBps the operator's commission on rewards, in basis points (0..10000)
 * @param votes the node's price and capacity votes
 */
public record NodeRegistration(String name, String networkAddress, int commissionBps, NodeVotes votes) {
  /** Longest name or network address accepted. */
  public static final int MAX_TEXT_LENGTH = 256;

  public NodeRegistration {
    if (name == null || name.isBlank() || name.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("node name must have 1.." + MAX_TEXT_LENGTH + " characters");
    }
    if (networkAddress == null || networkAddress.isBlank() || networkAddress.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("network address must have 1.." + MAX_TEXT_LENGTH + " characters");
    }
    if (commissionBps < 0 || commissionBps > 10_000) {
      throw new IllegalArgumentException("commission must be in [0, 10000] basis points, got " + commissionBps);
    }
    if (votes == null) {
      throw new IllegalArgumentException("votes are required");
    }
  }
}
