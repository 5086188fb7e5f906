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
}
