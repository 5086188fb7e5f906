package dev.floe.node.keys;

import dev.floe.core.crypto.ProtocolKeyPair;
import java.util.HexFormat;
import java.util.Objects;

/** A {@link NodeSigner} over a loaded {@link ProtocolKeyPair}. */
public final class ProtocolKeySigner implements NodeSigner {
  private final ProtocolKeyPair key;

  public ProtocolKeySigner(ProtocolKeyPair key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  @Override
  public byte[] protocolAddress() {
    return key.address();
  }

  @Override
  public byte[] publicKey() {
    return key.publicKey();
  }

  @Override
  public byte[] sign(byte[] message) {
    return key.sign(message);
  }

  /** The key pair (for the chain adapter's proof of possession). */
  public ProtocolKeyPair keyPair() {
    return key;
  }

  @Override
  public String toString() {
    return "ProtocolKeySigner[0x" + HexFormat.of().formatHex(key.address()) + "]";
  }
}
