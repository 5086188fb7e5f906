package dev.floe.core.crypto;

import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * A storage node's protocol key: secp256k1, signing the way Ethereum's {@code ecrecover} checks.
 *
 * <p>{@link #sign(byte[])} hashes the message with Keccak-256, draws k deterministically (RFC 6979,
 * HMAC-SHA256), normalises s to the lower half of the group order and returns 65 bytes {@code r ‖ s
 * ‖ v} with {@code v ∈ {27, 28}}. A signer is identified by its 20-byte Ethereum address {@code
 * keccak256(x ‖ y)[12..32)}. Verification ({@link #recoverAddress}, {@link #verify}) rejects
 * high-s, a bad {@code v}, zero or out-of-range {@code r}/{@code s} and wrong lengths.
 *
 * <p>The private key never appears in {@link #toString()}; only {@link
 * #privateKeyBytesForKeystore()} hands it out, and {@link #deriveSecret} derives one-way secrets from
 * it (such as a node's storage-challenge key). Immutable and thread-safe.
 */
public final class ProtocolKeyPair {
  /** Length of a signature: r (32) ‖ s (32) ‖ v (1). */
  public static final int SIGNATURE_LENGTH = 65;
  /** Length of an uncompressed public key without the 0x04 prefix: x ‖ y. */
  public static final int PUBLIC_KEY_LENGTH = 64;
  /** Length of an Ethereum address. */
  public static final int ADDRESS_LENGTH = 20;

  private static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters CURVE =
      new ECDomainParameters(
          CURVE_PARAMS.getCurve(), CURVE_PARAMS.getG(), CURVE_PARAMS.getN(), CURVE_PARAMS.getH());
  private static final BigInteger N = CURVE.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);

  private final BigInteger privateKey;
  private final byte[] publicKey;
  private final byte[] address;

  private ProtocolKeyPair(BigInteger privateKey) {
    this.privateKey = privateKey;
    ECPoint q = new FixedPointCombMultiplier().multiply(CURVE.getG(), privateKey).normalize();
    this.publicKey = encodePoint(q);
    this.address = addressOf(publicKey);
  }

  /** A new random key. */
  public static ProtocolKeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    while (true) {
      BigInteger d = BigIntegers.createRandomBigInteger(256, random);
      if (d.signum() > 0 && d.compareTo(N) < 0) {
        return new ProtocolKeyPair(d);
      }
    }
  }

  /**
   * The key pair of a 32-byte big-endian private key.
   *
   * @throws InvalidSizeException if the key is not 32 bytes
   * @throws InvalidDataException if the key is zero or not below the group order
   */
  public static ProtocolKeyPair fromPrivateKey(byte[] privateKey32) {
    if (privateKey32 == null || privateKey32.length != 32) {
      throw new InvalidSizeException(
          "a secp256k1 private key has 32 bytes, got " + (privateKey32 == null ? "null" : privateKey32.length));
    }
    BigInteger d = new BigInteger(1, privateKey32);
    if (d.signum() == 0 || d.compareTo(N) >= 0) {
      throw new InvalidDataException("secp256k1 private key is outside [1, n)");
    }
    return new ProtocolKeyPair(d);
  }

  /** The public key as 64 bytes {@code x ‖ y}. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The 20-byte Ethereum address of the public key. */
  public byte[] address() {
    return address.clone();
  }

  /** The address as 0x-prefixed lower-case hex. */
  public String addressHex() {
    return "0x" + HexFormat.of().formatHex(address);
  }

  /**
   * The 32-byte private key, for writing an encrypted keystore and nothing else. Callers must not
   * log or keep it longer than needed.
   */
  public byte[] privateKeyBytesForKeystore() {
    return BigIntegers.asUnsignedByteArray(32, privateKey);
  }

  /**
   * A 32-byte secret derived one-way from the private key: BLAKE2b-256 in keyed mode (RFC 7693) with
   * the 32-byte big-endian private key as the key, {@code personalisation} as the parameter block's
   * personalisation, no salt, over {@code message}. Distinct personalisations give independent
   * secrets; the private key cannot be computed from them. The key bytes are wiped after use.
   *
   * @param personalisation exactly 16 bytes naming the purpose (and its version)
   * @param message the input hashed under the key
   * @throws IllegalArgumentException when the personalisation is not 16 bytes
   */
  public byte[] deriveSecret(byte[] personalisation, byte[] message) {
    if (personalisation.length != 16) {
      throw new IllegalArgumentException("a BLAKE2b personalisation has 16 bytes, got " + personalisation.length);
    }
    byte[] secret = BigIntegers.asUnsignedByteArray(32, privateKey);
    try {
      Blake2bDigest digest = new Blake2bDigest(secret, 32, null, personalisation);
      digest.update(message, 0, message.length);
      byte[] out = new byte[32];
      digest.doFinal(out, 0);
      digest.clearKey();
      return out;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** Signs {@code keccak256(message)}: 65 bytes {@code r ‖ s ‖ v}, v ∈ {27, 28}, low s. */
  public byte[] sign(byte[] message) {
    return signDigest(Keccak256.hash(message));
  }

  /** Signs a 32-byte digest as {@link #sign(byte[])} does after hashing. */
  public byte[] signDigest(byte[] digest32) {
    checkDigest(digest32);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(privateKey, CURVE));
    BigInteger[] rs = signer.generateSignature(digest32);
    BigInteger r = rs[0];
    BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      ECPoint q = recoverPoint(digest32, r, s, recoveryId);
      if (q != null && Arrays.equals(encodePoint(q), publicKey)) {
        byte[] sig = new byte[SIGNATURE_LENGTH];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, sig, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, sig, 32, 32);
        sig[64] = (byte) (27 + recoveryId);
        return sig;
      }
    }
    // r >= p - n cannot be recovered with v in {27, 28}; the probability is about 2^-128
    throw new IllegalStateException("signature is not recoverable with v in {27, 28}");
  }

  /**
   * The address that signed {@code keccak256(message)} with {@code signature}.
   *
   * @throws InvalidSignatureException for a malformed, high-s or unrecoverable signature
   */
  public static byte[] recoverAddress(byte[] message, byte[] signature) {
    return recoverAddressFromDigest(Keccak256.hash(message), signature);
  }

  /** As {@link #recoverAddress} for an already hashed 32-byte digest (what {@code ecrecover} takes). */
  public static byte[] recoverAddressFromDigest(byte[] digest32, byte[] signature) {
    return addressOf(encodePoint(recoverPublicKeyPoint(digest32, signature)));
  }

  /** The 64-byte public key {@code x ‖ y} that signed the 32-byte digest. */
  public static byte[] recoverPublicKeyFromDigest(byte[] digest32, byte[] signature) {
    return encodePoint(recoverPublicKeyPoint(digest32, signature));
  }

  /**
   * Whether {@code signature} over {@code keccak256(message)} recovers to {@code address}. Malformed
   * signatures give {@code false}.
   */
  public static boolean verify(byte[] message, byte[] signature, byte[] address) {
    if (address == null || address.length != ADDRESS_LENGTH) {
      return false;
    }
    try {
      return Arrays.equals(recoverAddress(message, signature), address);
    } catch (InvalidSignatureException e) {
      return false;
    }
  }

  /** The Ethereum address of a 64-byte public key {@code x ‖ y}. */
  public static byte[] addressOf(byte[] publicKey64) {
    if (publicKey64 == null || publicKey64.length != PUBLIC_KEY_LENGTH) {
      throw new InvalidSizeException(
          "a public key has 64 bytes, got " + (publicKey64 == null ? "null" : publicKey64.length));
    }
    byte[] hash = Keccak256.hash(publicKey64);
    return Arrays.copyOfRange(hash, 32 - ADDRESS_LENGTH, 32);
  }

  private static ECPoint recoverPublicKeyPoint(byte[] digest32, byte[] signature) {
    checkDigest(digest32);
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new InvalidSignatureException(
          "a signature has 65 bytes r ‖ s ‖ v, got " + (signature == null ? "null" : signature.length));
    }
    int v = signature[64] & 0xFF;
    if (v != 27 && v != 28) {
      throw new InvalidSignatureException("signature v must be 27 or 28, got " + v);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (r.signum() == 0 || r.compareTo(N) >= 0) {
      throw new InvalidSignatureException("signature r is outside [1, n)");
    }
    if (s.signum() == 0 || s.compareTo(HALF_N) > 0) {
      throw new InvalidSignatureException(
          s.signum() == 0 ? "signature s is zero" : "signature s is in the upper half of the order (malleable high-s)");
    }
    ECPoint q = recoverPoint(digest32, r, s, v - 27);
    if (q == null) {
      throw new InvalidSignatureException("signature does not recover to a public key");
    }
    return q;
  }

  /** Public key recovery (SEC 1 v2, 4.1.6) for x = r; null if r is not an x-coordinate. */
  private static ECPoint recoverPoint(byte[] digest32, BigInteger r, BigInteger s, int recoveryId) {
    byte[] compressed = new byte[33];
    compressed[0] = (byte) (0x02 | recoveryId);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, compressed, 1, 32);
    ECPoint rPoint;
    try {
      rPoint = CURVE.getCurve().decodePoint(compressed);
    } catch (IllegalArgumentException e) {
      return null;
    }
    BigInteger e = new BigInteger(1, digest32).mod(N);
    BigInteger rInv = r.modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, rPoint, u2).normalize();
    return q.isInfinity() ? null : q;
  }

  private static byte[] encodePoint(ECPoint q) {
    byte[] uncompressed = q.getEncoded(false);
    return Arrays.copyOfRange(uncompressed, 1, 65);
  }

  private static void checkDigest(byte[] digest32) {
    if (digest32 == null || digest32.length != 32) {
      throw new InvalidSizeException(
          "a digest has 32 bytes, got " + (digest32 == null ? "null" : digest32.length));
    }
  }

  /** Two key pairs are equal when their public keys are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolKeyPair other && Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  /** Shows the address only. */
  @Override
  public String toString() {
    return "ProtocolKeyPair[address=" + addressHex() + "]";
  }
}
