package dev.floe.core.encoding;

import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.merkle.Node;
import java.nio.ByteBuffer;

/**
 * A sliver handed to a {@link SliverSink}: a window on the encoder's working buffer, valid only
 * during the {@link SliverSink#accept} call, together with the sliver's Merkle root (its hash in
 * the blob metadata). Copy with {@link #toSliverData()} or {@link #copyTo} to keep it.
 */
public final class SliverView {
  private final SliverType type;
  private final int index;
  private final int symbolSize;
  private final byte[] buf;
  private final int off;
  private final int len;
  private final Node hash;

  SliverView(SliverType type, int index, int symbolSize, byte[] buf, int off, int len, Node hash) {
    this.type = type;
    this.index = index;
    this.symbolSize = symbolSize;
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.hash = hash;
  }

  /** Primary or secondary. */
  public SliverType type() {
    return type;
  }

  /** The sliver index (row for primary, column for secondary). */
  public int index() {
    return index;
  }

  /** Bytes per symbol. */
  public int symbolSize() {
    return symbolSize;
  }

  /** Number of data bytes. */
  public int length() {
    return len;
  }

  /** The Merkle root over the sliver's expansion, i.e. its hash in the blob metadata. */
  public Node hash() {
    return hash;
  }

  /** A read-only window on the bytes, valid only during the sink call. */
  public ByteBuffer data() {
    return ByteBuffer.wrap(buf, off, len).slice().asReadOnlyBuffer();
  }

  /** Copies the bytes to {@code dst[dstOff..dstOff+length())}. */
  public void copyTo(byte[] dst, int dstOff) {
    System.arraycopy(buf, off, dst, dstOff, len);
  }

  /** A standalone copy of this sliver. */
  public SliverData toSliverData() {
    return SliverData.of(type, index, symbolSize, buf, off, len);
  }

  /** Size of the BCS form. */
  public int bcsSize() {
    return SliverData.ulebSize(len) + len + 4;
  }

  /** Appends the BCS {@code SliverData} form without an intermediate copy. */
  public void writeBcs(BcsWriter w) {
    w.writeBytes(buf, off, len);
    w.writeU16(symbolSize);
    w.writeU16(index);
  }

  @Override
  public String toString() {
    return type.pathSegment() + " sliver " + index + " (" + len + " B)";
  }
}
