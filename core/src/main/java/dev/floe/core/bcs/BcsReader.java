package dev.floe.core.bcs;

import dev.floe.core.errors.BcsException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads BCS values strictly: truncated input, non-canonical or oversized ULEB128, a length larger
 * than the input that is left (checked before anything is allocated), an invalid bool, option tag
 * or enum index, malformed UTF-8, and trailing bytes ({@link #finish()}) all raise {@link
 * BcsException} naming what was read and at which offset.
 *
 * <p>Not thread-safe. The reader never copies the whole input; {@code readFixedBytes} and {@code
 * readBytes} return copies of the slices they read.
 */
public final class BcsReader {
  private final byte[] data;
  private final int end;
  private int pos;

  /** Reads all of {@code data}. */
  public BcsReader(byte[] data) {
    this(data, 0, data.length);
  }

  /** Reads {@code data[off..off+len)}. */
  public BcsReader(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    this.data = data;
    this.pos = off;
    this.end = off + len;
  }

  /**
   * Decodes exactly one value from {@code bytes} with {@code decoder} and checks that no bytes are
   * left.
   *
   * @throws BcsException if the bytes are not exactly one valid value
   */
  public static <T> T decode(byte[] bytes, Function<BcsReader, T> decoder) {
    if (bytes == null) {
      throw new BcsException("no BCS bytes given");
    }
    BcsReader r = new BcsReader(bytes);
    T value = decoder.apply(r);
    r.finish();
    return value;
  }

  /** Bytes not read yet. */
  public int remaining() {
    return end - pos;
  }

  /** Current offset in the underlying array. */
  public int position() {
    return pos;
  }

  /** Throws unless every byte has been read. */
  public void finish() {
    if (pos != end) {
      throw new BcsException(remaining() + " trailing bytes after the value, at offset " + pos);
    }
  }

  /** Reads an unsigned 8-bit integer. */
  public int readU8() {
    need(1, "u8");
    return data[pos++] & 0xFF;
  }

  /** Reads an unsigned 16-bit little-endian integer. */
  public int readU16() {
    need(2, "u16");
    int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  /** Reads an unsigned 32-bit little-endian integer into a non-negative long. */
  public long readU32() {
    need(4, "u32");
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xFF);
    }
    pos += 4;
    return v;
  }

  /** Reads a 64-bit little-endian integer; the result is to be read as unsigned. */
  public long readU64() {
    need(8, "u64");
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  /** Reads a bool, which must be the byte 0 or 1. */
  public boolean readBool() {
    int at = pos;
    int b = readU8();
    if (b > 1) {
      throw new BcsException("invalid bool byte " + b + " at offset " + at);
    }
    return b == 1;
  }

  /** Reads a canonical ULEB128 value that fits in a u32. */
  public long readUleb128() {
    int at = pos;
    long value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= end) {
        throw new BcsException("truncated ULEB128 at offset " + at);
      }
      int b = data[pos++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new BcsException("non-canonical ULEB128 (trailing zero byte) at offset " + at);
        }
        if (value > BcsWriter.MAX_ULEB_VALUE) {
          throw new BcsException("ULEB128 value " + value + " exceeds u32 at offset " + at);
        }
        return value;
      }
    }
    throw new BcsException("ULEB128 longer than 5 bytes at offset " + at);
  }

  /**
   * Reads a sequence length and checks that at least {@code length * minElementBytes} bytes are
   * left, so that a forged length cannot make the caller allocate.
   */
  public int readLength(int minElementBytes, String what) {
    int at = pos;
    long length = readUleb128();
    if (length * Math.max(minElementBytes, 0) > remaining()) {
      throw new BcsException(
          what + " length " + length + " at offset " + at + " exceeds the " + remaining()
              + " bytes left");
    }
    if (length > Integer.MAX_VALUE - 16) {
      throw new BcsException(what + " length " + length + " at offset " + at + " is too large");
    }
    return (int) length;
  }

  /** Reads an enum variant index and checks it is below {@code variantCount}. */
  public int readEnumIndex(int variantCount, String enumName) {
    int at = pos;
    long index = readUleb128();
    if (index >= variantCount) {
      throw new BcsException(
          "invalid " + enumName + " variant " + index + " at offset " + at + " (expected < "
              + variantCount + ")");
    }
    return (int) index;
  }

  /** Reads {@code length} raw bytes (a fixed-size array). */
  public byte[] readFixedBytes(int length) {
    need(length, length + "-byte array");
    byte[] out = Arrays.copyOfRange(data, pos, pos + length);
    pos += length;
    return out;
  }

  /** Reads a byte sequence with its ULEB128 length. */
  public byte[] readBytes() {
    return readFixedBytes(readLength(1, "byte sequence"));
  }

  /** Reads a UTF-8 string with its ULEB128 byte length; malformed UTF-8 is rejected. */
  public String readString() {
    int at = pos;
    int length = readLength(1, "string");
    need(length, "string");
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data, pos, length))
              .toString();
      pos += length;
      return s;
    } catch (CharacterCodingException e) {
      throw new BcsException("string at offset " + at + " is not valid UTF-8", e);
    }
  }

  /**
   * Reads a sequence whose elements take at least one byte each, decoding each with {@code
   * element}.
   */
  public <T> List<T> readVector(Function<BcsReader, T> element) {
    return readVector(1, element);
  }

  /**
   * Reads a sequence whose elements take at least {@code minElementBytes} bytes each; the length
   * is checked against the input left before any element is decoded.
   */
  public <T> List<T> readVector(int minElementBytes, Function<BcsReader, T> element) {
    int length = readLength(minElementBytes, "vector");
    List<T> out = new ArrayList<>(Math.min(length, remaining()));
    for (int i = 0; i < length; i++) {
      out.add(element.apply(this));
    }
    return out;
  }

  /** Reads an {@code Option}: tag 0 (none) or 1 followed by the value. */
  public <T> Optional<T> readOption(Function<BcsReader, T> element) {
    int at = pos;
    int tag = readU8();
    return switch (tag) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(element.apply(this));
      default -> throw new BcsException("invalid option tag " + tag + " at offset " + at);
    };
  }

  private void need(int n, String what) {
    if (n < 0 || n > end - pos) {
      throw new BcsException(
          "truncated input: " + what + " needs " + n + " bytes at offset " + pos + ", "
              + (end - pos) + " left");
    }
  }
}
