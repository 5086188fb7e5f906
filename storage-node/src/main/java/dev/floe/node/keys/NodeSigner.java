package dev.floe.node.keys;

/**
 * Signs protocol messages with the node's protocol key. Implementations never expose the private
 * key.
 */
public interface NodeSigner {
  /** The 20-byte address of the protocol key (what signatures recover to). */
  byte[] protocolAddress();

  /** The 64-byte public key x‖y. */
  byte[] publicKey();

  /** A 65-byte r‖s‖v secp256k1 signature over keccak256(message). */
  byte[] sign(byte[] message);

  /**
   * A 32-byte secret derived from the protocol key, from which this node draws the symbols it asks
   * in storage challenges ({@link dev.floe.node.challenge.ChallengeSelection}). It is the same on
   * every start with the same key and unknown to anyone without the private key, so a challenged
   * member cannot tell in advance which of its symbols this node will ask. Implementations derive it
   * one-way from the private key (never return the key itself) and never log it.
   */
  byte[] challengeKey();
}
