package dev.floe.core.protocol;

import dev.floe.core.errors.InvalidSizeException;
import java.util.HexFormat;

/**
 * The text form of an on-chain registration object ID (32 bytes): 64 lower-case hex digits, an
 * optional {@code 0x} prefix accepted when parsing.
 */
public final class ObjectIds {
  /** Length of an object ID in bytes. */
  public static final int LENGTH = 32;

  private ObjectIds() {}

  /** Lower-case hex without prefix. */
  public static String toHex(byte[] objectId) {
    check(objectId);
    return HexFormat.of().formatHex(objectId);
  }

  /** Parses 64 hex digits (optionally prefixed by {@code 0x}). */
  public static byte[] parse(String text) {
    if (text == null) {
      throw new InvalidSizeException("object ID is missing");
    }
    String h = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (h.length() != 2 * LENGTH) {
      throw new InvalidSizeException(
          "an object ID is 64 hex digits, got " + h.length() + ": '" + Routes.abbreviate(text) + "'");
    }
    try {
      return HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new InvalidSizeException("object ID is not hex: '" + Routes.abbreviate(text) + "'", e);
    }
  }

  /** Rejects anything but 32 bytes. */
  public static void check(byte[] objectId) {
    if (objectId == null || objectId.length != LENGTH) {
      throw new InvalidSizeException(
          "an object ID has 32 bytes, got " + (objectId == null ? "null" : objectId.length));
    }
  }
}
