package dev.floe.core.encoding;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One symbol used to rebuild a sliver (Walrus {@code DecodingSymbol<T>}): the symbol bytes and its
 * index, which is the index of the <em>source</em> sliver it was computed from, i.e. its position in
 * the codeword of the target sliver's expansion.
 *
 * <p>BCS: {@code {index: u16, data: Vec<u8>}}. Immutable.
 */
public final class DecodingSymbol {
  private final int index;
  private final byte[] data;

  private DecodingSymbol(int index, byte[] data) {
    if (index < 0 || index > 0xFFFF) {
      throw new InvalidSizeException("symbol index must be a u16, got " + index);
    }
    this.index = index;
    this.data = data;
  }

  /** A symbol holding a copy of {@code data}. */
  public static DecodingSymbol of(int index, byte[] data) {
    return new DecodingSymbol(index, data.clone());
  }

  static DecodingSymbol wrap(int index, byte[] data) {
    return new DecodingSymbol(index, data);
  }

  /** The index of the source sliver, the symbol's position in the target codeword. */
  public int index() {
    return index;
  }

  /** A copy of the symbol bytes. */
  public byte[] data() {
    return data.clone();
  }

  /** Symbol size in bytes. */
  public int length() {
    return data.length;
  }

  byte[] raw() {
    return data;
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeU16(index);
    w.writeBytes(data);
  }

  /** The BCS form. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(data.length + 8);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads one symbol. */
  public static DecodingSymbol readBcs(BcsReader r) {
    int index = r.readU16();
    return new DecodingSymbol(index, r.readBytes());
  }

  /** Decodes exactly one BCS symbol. */
  public static DecodingSymbol fromBcs(byte[] bcs) {
    return BcsReader.decode(bcs, DecodingSymbol::readBcs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodingSymbol other && index == other.index && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "DecodingSymbol{index=" + index + ", " + data.length + " B}";
  }
}
