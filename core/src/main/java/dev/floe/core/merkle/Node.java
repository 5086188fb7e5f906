package dev.floe.core.merkle;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A node of a Merkle tree (Walrus {@code merkle::Node}): either {@link Empty}, the root of a subtree
 * without leaves, whose bytes are 32 zeros used as they are (never hashed), or a {@link Digest} of
 * 32 bytes.
 *
 * <p>BCS: enum {@code Empty = 0 | Digest([u8; 32]) = 1}. {@code Empty} and a digest of 32 zeros have
 * the same {@link #bytes()} but are different values, as upstream. Immutable.
 */
public sealed interface Node permits Node.Empty, Node.Digest {
  /** Bytes in a node. */
  int LENGTH = 32;

  /** The empty node. */
  Node EMPTY = new Empty();

  /** A copy of the 32 bytes (zeros for {@link Empty}). */
  byte[] bytes();

  /** Copies the 32 bytes to {@code dst[off..off+32)}. */
  void copyTo(byte[] dst, int off);

  /** Whether {@code other[off..off+32)} holds the same 32 bytes as this node. */
  boolean bytesEqual(byte[] other, int off);

  /** Whether this is {@link Empty}. */
  default boolean isEmpty() {
    return this instanceof Empty;
  }

  /** Appends the BCS form. */
  void writeBcs(BcsWriter w);

  /** A digest holding a copy of {@code bytes}, which must have exactly 32 bytes. */
  static Digest digest(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new InvalidSizeException(
          "a Merkle node has 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Digest(bytes.clone());
  }

  /**
   * A digest holding a copy of {@code src[off..off+32)}.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes follow {@code off}
   */
  static Digest digest(byte[] src, int off) {
    Objects.checkFromIndexSize(off, LENGTH, src.length);
    return new Digest(Arrays.copyOfRange(src, off, off + LENGTH));
  }

  /** Reads a node in BCS form. */
  static Node readBcs(BcsReader r) {
    int variant = r.readEnumIndex(2, "Merkle node");
    return variant == 0 ? EMPTY : new Digest(r.readFixedBytes(LENGTH));
  }

  /** Decodes exactly one BCS node. */
  static Node fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, Node::readBcs);
  }

  /** The node of a subtree without leaves: 32 zero bytes, never hashed. BCS variant 0. */
  final class Empty implements Node {
    private static final byte[] ZEROS = new byte[LENGTH];

    private Empty() {}

    @Override
    public byte[] bytes() {
      return new byte[LENGTH];
    }

    @Override
    public void copyTo(byte[] dst, int off) {
      System.arraycopy(ZEROS, 0, dst, off, LENGTH);
    }

    @Override
    public boolean bytesEqual(byte[] other, int off) {
      return Arrays.equals(ZEROS, 0, LENGTH, other, off, off + LENGTH);
    }

    @Override
    public void writeBcs(BcsWriter w) {
      w.writeEnumIndex(0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Empty;
    }

    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public String toString() {
      return "Empty";
    }
  }

  /** A 32-byte hash value. BCS variant 1. Equality is by content. */
  final class Digest implements Node {
    private final byte[] value;

    private Digest(byte[] value) {
      this.value = value;
    }

    @Override
    public byte[] bytes() {
      return value.clone();
    }

    @Override
    public void copyTo(byte[] dst, int off) {
      System.arraycopy(value, 0, dst, off, LENGTH);
    }

    @Override
    public boolean bytesEqual(byte[] other, int off) {
      return Arrays.equals(value, 0, LENGTH, other, off, off + LENGTH);
    }

    @Override
    public void writeBcs(BcsWriter w) {
      w.writeEnumIndex(1);
      w.writeFixedBytes(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Digest other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(value);
    }
  }
}
