package dev.floe.core.encoding;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSizeException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One sliver of a blob: a primary sliver (a row of the expanded matrix, n-f symbols) or a secondary
 * sliver (a column, n-2f symbols), with its sliver index and symbol size.
 *
 * <p>BCS (Walrus {@code SliverData<T>}): {@code {symbols: {data: Vec<u8>, symbol_size: u16}, index:
 * u16}}. The axis is not on the wire; it comes from the context (REST path, storage column), so
 * {@link #fromBcs} takes it as an argument.
 *
 * <p>Immutable: the bytes are copied in and out. Equality is by type, index, symbol size and
 * content.
 */
public final class SliverData {
  private final SliverType type;
  private final int index;
  private final int symbolSize;
  private final byte[] data;

  private SliverData(SliverType type, int index, int symbolSize, byte[] data) {
    this.type = Objects.requireNonNull(type, "type");
    if (index < 0 || index > 0xFFFF) {
      throw new InvalidSizeException("sliver index must be a u16, got " + index);
    }
    if (symbolSize < 1 || symbolSize > 0xFFFF) {
      throw new InvalidSizeException("symbol size must be in [1, 65535], got " + symbolSize);
    }
    if (data.length % symbolSize != 0) {
      throw new InvalidSizeException(
          "sliver data of " + data.length + " bytes is not a whole number of " + symbolSize
              + "-byte symbols");
    }
    this.index = index;
    this.symbolSize = symbolSize;
    this.data = data;
  }

  /** A sliver holding a copy of {@code data}. */
  public static SliverData of(SliverType type, int index, int symbolSize, byte[] data) {
    return new SliverData(type, index, symbolSize, data.clone());
  }

  /** A sliver holding a copy of {@code data[off..off+len)}. */
  public static SliverData of(SliverType type, int index, int symbolSize, byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    return new SliverData(type, index, symbolSize, Arrays.copyOfRange(data, off, off + len));
  }

  /** Takes ownership of {@code data} without copying; callers must not modify it afterwards. */
  static SliverData wrap(SliverType type, int index, int symbolSize, byte[] data) {
    return new SliverData(type, index, symbolSize, data);
  }

  /** Primary (row) or secondary (column). */
  public SliverType type() {
    return type;
  }

  /** The sliver index: the row (primary) or column (secondary) of the expanded matrix. */
  public int index() {
    return index;
  }

  /** Bytes per symbol. */
  public int symbolSize() {
    return symbolSize;
  }

  /** Number of symbols. */
  public int symbolCount() {
    return data.length / symbolSize;
  }

  /** Number of data bytes (symbols x symbol size). */
  public int length() {
    return data.length;
  }

  /** A copy of the symbol bytes. */
  public byte[] data() {
    return data.clone();
  }

  /** A read-only view of the symbol bytes, without copying. */
  public ByteBuffer dataView() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** A copy of symbol {@code i}. */
  public byte[] symbol(int i) {
    Objects.checkIndex(i, symbolCount());
    return Arrays.copyOfRange(data, i * symbolSize, (i + 1) * symbolSize);
  }

  /** Copies the symbol bytes to {@code dst[off..off+length())}. */
  public void copyTo(byte[] dst, int off) {
    System.arraycopy(data, 0, dst, off, data.length);
  }

  /** The backing array, for read-only use inside this package. */
  byte[] raw() {
    return data;
  }

  /** Size of the BCS form in bytes. */
  public int bcsSize() {
    return ulebSize(data.length) + data.length + 4;
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeBytes(data);
    w.writeU16(symbolSize);
    w.writeU16(index);
  }

  /** The BCS form. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(bcsSize());
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads one sliver of the given axis. */
  public static SliverData readBcs(SliverType type, BcsReader r) {
    byte[] data = r.readBytes();
    int symbolSize = r.readU16();
    int index = r.readU16();
    if (symbolSize == 0) {
      throw new BcsException("sliver symbol size must not be zero");
    }
    if (data.length % symbolSize != 0) {
      throw new BcsException(
          "sliver data of " + data.length + " bytes is not a whole number of " + symbolSize
              + "-byte symbols");
    }
    return new SliverData(type, index, symbolSize, data);
  }

  /** Decodes exactly one BCS sliver of the given axis (no trailing bytes). */
  public static SliverData fromBcs(SliverType type, byte[] bcs) {
    Objects.requireNonNull(type, "type");
    return BcsReader.decode(bcs, r -> readBcs(type, r));
  }

  static int ulebSize(long value) {
    int size = 1;
    while (value >= 0x80) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SliverData other
        && type == other.type
        && index == other.index
        && symbolSize == other.symbolSize
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, index, symbolSize, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return type.pathSegment() + " sliver " + index + " (" + symbolCount() + " x " + symbolSize + " B)";
  }
}
