package dev.floe.core.crypto;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256): addresses, {@code
 * ecrecover} digests, Solidity's {@code keccak256}. Thread-safe: every call uses a fresh digest.
 */
public final class Keccak256 {
  /** Digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private Keccak256() {}

  /** Keccak-256 of {@code in}. */
  public static byte[] hash(byte[] in) {
    return hash(in, 0, in.length);
  }

  /** Keccak-256 of {@code in[off..off+len)}. */
  public static byte[] hash(byte[] in, int off, int len) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(in, off, len);
    byte[] out = new byte[DIGEST_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }
}
