package dev.floe.node.keys;

import dev.floe.core.crypto.ProtocolKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * A {@link NodeSigner} over a loaded {@link ProtocolKeyPair}.
 *
 * <p>The {@linkplain #challengeKey() challenge key} is BLAKE2b-256 in keyed mode (RFC 7693) with the
 * 32-byte big-endian private key as the key, personalisation {@code "floe-chal-key-v1"} (16 ASCII
 * bytes), no salt, over the ASCII message {@code "storage challenge picks"}. It is derived once at
 * construction; the private key's bytes are wiped right after.
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
    byte[] secret = key.privateKeyBytesForKeystore();
    try {
      Blake2bDigest digest = new Blake2bDigest(secret, 32, null, CHALLENGE_KEY_PERSONALISATION);
      digest.update(CHALLENGE_KEY_MESSAGE, 0, CHALLENGE_KEY_MESSAGE.length);
      byte[] out = new byte[32];
      digest.doFinal(out, 0);
      digest.clearKey();
      return out;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "ProtocolKeySigner[0x" + HexFormat.of().formatHex(key.address()) + "]";
  }
}
