package dev.floe.core.bcs;

import dev.floe.core.errors.BcsException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Appends values in BCS (Binary Canonical Serialization, the encoding of Sui and Walrus): integers
 * little-endian with fixed width, lengths and enum variant indices as ULEB128, fixed-size arrays
 * raw, sequences with a ULEB128 length prefix, {@code Option} as a 0/1 tag.
 *
 * <p>Values out of range for their wire type are rejected with {@link BcsException}. Not
 * thread-safe.
 */
public final class BcsWriter {
  /** The largest length or variant index BCS allows (u32). */
  public static final long MAX_ULEB_VALUE = 0xFFFF_FFFFL;

  private byte[] buf;
  private int size;

  /** A writer with a small initial buffer. */
  public BcsWriter() {
    this(64);
  }

  /** A writer whose buffer starts with {@code initialCapacity} bytes. */
  public BcsWriter(int initialCapacity) {
    buf = new byte[Math.max(initialCapacity, 16)];
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Appends an unsigned 8-bit integer in [0, 255]. */
  public BcsWriter writeU8(int value) {
    if ((value & ~0xFF) != 0) {
      throw new BcsException("u8 out of range: " + value);
    }
    ensure(1);
    buf[size++] = (byte) value;
    return this;
  }

  /** Appends an unsigned 16-bit integer in [0, 65535], little-endian. */
  public BcsWriter writeU16(int value) {
    if ((value & ~0xFFFF) != 0) {
      throw new BcsException("u16 out of range: " + value);
    }
    ensure(2);
    buf[size++] = (byte) value;
    buf[size++] = (byte) (value >>> 8);
    return this;
  }

  /** Appends an unsigned 32-bit integer in [0, 2^32), little-endian. */
  public BcsWriter writeU32(long value) {
    if ((value & ~MAX_ULEB_VALUE) != 0) {
      throw new BcsException("u32 out of range: " + value);
    }
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** Appends an unsigned 64-bit integer, little-endian; {@code value} is read as unsigned. */
  public BcsWriter writeU64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** Appends a bool as one byte, 0 or 1. */
  public BcsWriter writeBool(boolean value) {
    ensure(1);
    buf[size++] = (byte) (value ? 1 : 0);
    return this;
  }

  /** Appends {@code value} in [0, 2^32) as canonical ULEB128. */
  public BcsWriter writeUleb128(long value) {
    if (value < 0 || value > MAX_ULEB_VALUE) {
      throw new BcsException("ULEB128 value out of u32 range: " + value);
    }
    ensure(5);
    long v = value;
    while (v >= 0x80) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  /** Appends a sequence length as ULEB128. */
  public BcsWriter writeLength(int length) {
    if (length < 0) {
      throw new BcsException("negative length " + length);
    }
    return writeUleb128(length);
  }

  /** Appends an enum variant index as ULEB128. */
  public BcsWriter writeEnumIndex(int variant) {
    if (variant < 0) {
      throw new BcsException("negative enum variant index " + variant);
    }
    return writeUleb128(variant);
  }

  /** Appends the bytes of a fixed-size array, without a length. */
  public BcsWriter writeFixedBytes(byte[] bytes) {
    return writeFixedBytes(bytes, 0, bytes.length);
  }

  /** Appends {@code bytes[off..off+len)} without a length. */
  public BcsWriter writeFixedBytes(byte[] bytes, int off, int len) {
    ensure(len);
    System.arraycopy(bytes, off, buf, size, len);
    size += len;
    return this;
  }

  /** Appends a byte sequence ({@code Vec<u8>}): ULEB128 length, then the bytes. */
  public BcsWriter writeBytes(byte[] bytes) {
    return writeBytes(bytes, 0, bytes.length);
  }

  /** Appends {@code bytes[off..off+len)} as a byte sequence with its length. */
  public BcsWriter writeBytes(byte[] bytes, int off, int len) {
    writeLength(len);
    return writeFixedBytes(bytes, off, len);
  }

  /** Appends a UTF-8 string: ULEB128 byte length, then the bytes. */
  public BcsWriter writeString(String value) {
    return writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends a sequence: its length, then each element written by {@code element}. */
  public <T> BcsWriter writeVector(Collection<? extends T> values, BiConsumer<BcsWriter, T> element) {
    writeLength(values.size());
    for (T value : values) {
      element.accept(this, value);
    }
    return this;
  }

  /** Appends an {@code Option}: tag 0 if empty, else tag 1 then the value. */
  public <T> BcsWriter writeOption(Optional<? extends T> value, BiConsumer<BcsWriter, T> element) {
    if (value.isEmpty()) {
      return writeU8(0);
    }
    writeU8(1);
    element.accept(this, value.get());
    return this;
  }

  private void ensure(int extra) {
    if (extra < 0) {
      throw new BcsException("negative length " + extra);
    }
    long need = (long) size + extra;
    if (need > buf.length) {
      if (need > Integer.MAX_VALUE - 16) {
        throw new BcsException("BCS output exceeds 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16)));
    }
  }
}
