package dev.floe.controlplane;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An account on the control-plane chain: a 20-byte EVM address (node operators, stakers, blob
 * owners, contracts). Text form {@code 0x} + 40 lower-case hex digits. Immutable; equality by
 * content. Node IDs are the operator's address.
 */
public final class Address implements Comparable<Address> {
  /** Bytes in an address. */
  public static final int LENGTH = 20;

  /** The zero address. */
  public static final Address ZERO = new Address(new byte[LENGTH]);

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of exactly 20 bytes. */
  public static Address of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "an address has 20 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Address(bytes.clone());
  }

  /** Parses {@code 0x} + 40 hex digits (prefix optional, any case). */
  public static Address parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("address is missing");
    }
    String h = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (h.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("an address is 40 hex digits, got '" + text + "'");
    }
    try {
      return new Address(HexFormat.of().parseHex(h.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("address is not hex: '" + text + "'", e);
    }
  }

  /** A copy of the 20 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** {@code 0x} + 40 lower-case hex digits. */
  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  /** Whether this is the zero address. */
  public boolean isZero() {
    return equals(ZERO);
  }

  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
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
