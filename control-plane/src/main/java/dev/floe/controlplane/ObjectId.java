package dev.floe.controlplane;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte identifier of an on-chain object: a blob registration (the object ID that deletable
 * storage confirmations sign), a storage reservation or a stake position. Unique per object and
 * never reused. Text form: 64 lower-case hex digits without prefix (as {@code core.protocol}
 * prints object IDs); {@link #parse} accepts an optional {@code 0x}. Immutable.
 */
public final class ObjectId {
  /** Bytes in an object ID. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private ObjectId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of exactly 32 bytes. */
  public static ObjectId of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "an object ID has 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new ObjectId(bytes.clone());
  }

  /** Parses 64 hex digits, optionally prefixed by {@code 0x}. */
  public static ObjectId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("object ID is missing");
    }
    String h = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (h.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("an object ID is 64 hex digits, got '" + text + "'");
    }
    try {
      return new ObjectId(HexFormat.of().parseHex(h));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("object ID is not hex: '" + text + "'", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** 64 lower-case hex digits without prefix. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
