package dev.floe.core.blob;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.merkle.Node;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The 32-byte identifier of a blob: {@code Blake2b256(encoding_type ‖ u64_le(unencoded_length) ‖
 * merkle_root)}. Its text form is URL-safe base64 without padding (43 characters), as in Walrus.
 * Immutable; equality is by content.
 */
public final class BlobId implements Comparable<BlobId> {
  /** Length of a blob ID in bytes. */
  public static final int LENGTH = 32;

  private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private final byte[] bytes;

  private BlobId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of exactly 32 bytes. */
  public static BlobId of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new InvalidSizeException(
          "a blob ID has 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new BlobId(bytes.clone());
  }

  /**
   * Derives a blob ID: {@code Blake2b256(u8 encoding_type ‖ u64_le(unencoded_length) ‖ root)}, the
   * BCS form of Walrus's {@code BlobIdDerivation} (walrus-protocol.md §2.3).
   *
   * @param merkleRoot root of the Merkle tree over the sliver-pair leaves
   */
  public static BlobId compute(EncodingType encodingType, long unencodedLength, Node merkleRoot) {
    if (unencodedLength < 0) {
      throw new InvalidSizeException("blob length must not be negative, got " + unencodedLength);
    }
    byte[] input = new byte[1 + 8 + Node.LENGTH];
    input[0] = (byte) encodingType.code();
    for (int i = 0; i < 8; i++) {
      input[1 + i] = (byte) (unencodedLength >>> (8 * i));
    }
    merkleRoot.copyTo(input, 9);
    return new BlobId(Blake2b256.hash(input));
  }

  /** Reads the 32 raw bytes of a BCS {@code [u8; 32]}. */
  public static BlobId readBcs(BcsReader r) {
    return new BlobId(r.readFixedBytes(LENGTH));
  }

  /** Appends the 32 raw bytes (BCS {@code [u8; 32]}). */
  public void writeBcs(BcsWriter w) {
    w.writeFixedBytes(bytes);
  }

  /** Parses the URL-safe base64 form (padding optional). */
  public static BlobId parse(String text) {
    if (text == null) {
      throw new InvalidSizeException("blob ID text is missing");
    }
    String trimmed = text.strip();
    while (trimmed.endsWith("=")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.length() != 43) {
      throw new InvalidSizeException(
          "a blob ID is 43 base64url characters, got " + trimmed.length() + ": '" + abbreviate(text) + "'");
    }
    byte[] decoded;
    try {
      decoded = URL_DECODER.decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new InvalidSizeException("blob ID is not URL-safe base64: '" + abbreviate(text) + "'", e);
    }
    return of(decoded);
  }

  /** Parses a 64-digit hex form (an optional 0x prefix allowed). */
  public static BlobId parseHex(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != 64) {
      throw new InvalidSizeException("a hex blob ID has 64 digits, got " + h.length());
    }
    try {
      return new BlobId(HexFormat.of().parseHex(h));
    } catch (IllegalArgumentException e) {
      throw new InvalidSizeException("blob ID is not hex: '" + abbreviate(hex) + "'", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Byte {@code i} without copying. */
  public byte byteAt(int i) {
    return bytes[i];
  }

  /** URL-safe base64 without padding, the canonical text form. */
  public String toBase64() {
    return URL_ENCODER.encodeToString(bytes);
  }

  /** Lower-case hex without prefix. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The shard rotation of this blob: the bytes read as a big-endian unsigned integer, modulo
   * {@code nShards} (Walrus encoding/mapping.rs).
   */
  public int rotationOffset(int nShards) {
    return new BigInteger(1, bytes).mod(BigInteger.valueOf(nShards)).intValueExact();
  }

  /** The value as the EVM contracts store it: the 32 bytes as a big-endian uint256/bytes32. */
  public BigInteger toUint256() {
    return new BigInteger(1, bytes);
  }

  @Override
  public int compareTo(BlobId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toBase64();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
