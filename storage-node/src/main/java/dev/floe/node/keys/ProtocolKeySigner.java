package dev.floe.node.keys;

import dev.floe.core.crypto.ProtocolKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A {@link NodeSigner} over a loaded {@link ProtocolKeyPair}.
 *
 * <p>The {@linkplain #challengeKey() challenge key} is BLAKE2b-256 in keyed mode (RFC 7693) with the
 * 32-byte big-endian private key as the key, personalisation {@code "floe-chal-key-v1"} (16 ASCII
 * bytes), no salt, over the ASCII message {@code "storage challenge picks"}. It is derived once at
 * construction ({@link ProtocolKeyPair#deriveSecret}), which wipes its copy of the private key right after.
 */
public final class ProtocolKeySigner implements NodeSigner {
  /** The BLAKE2b personalisation of the challenge-key derivation. */
  static final byte[] CHALLENGE_KEY_PERSONALISATION = "floe-chal-key-v1".getBytes(StandardCharsets.US_ASCII);
  /** The message hashed under the private key to derive the challenge key. */
  static final byte[] CHALLENGE_KEY_MESSAGE = "storage challenge picks".getBytes(StandardCharsets.US_ASCII);

  private final ProtocolKeyPair key;
  private final byte[] challengeKey;

  public ProtocolKeySigner(ProtocolKeyPair key) {
    this.key = Objects.requireNonNull(key, "key");
    this.challengeKey = deriveChallengeKey(key);
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

  @Override
  public byte[] challengeKey() {
    return challengeKey.clone();
  }

  /** The key pair (for the chain adapter's proof of possession). */
  public ProtocolKeyPair keyPair() {
    return key;
  }

  private static byte[] deriveChallengeKey(ProtocolKeyPair key) {
    return key.deriveSecret(CHALLENGE_KEY_PERSONALISATION, CHALLENGE_KEY_MESSAGE);
  }

  @Override
  public String toString() {
    return "ProtocolKeySigner[0x" + HexFormat.of().formatHex(key.address()) + "]";
  }
}
