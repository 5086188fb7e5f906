package dev.floe.core.blob;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.merkle.Node;
import java.util.Objects;

/**
 * The commitments of one sliver pair: the Merkle roots over the symbols of its primary and of its
 * secondary sliver. BCS: {@code {primary_hash: Node, secondary_hash: Node}}. Immutable.
 *
 * @param primaryHash root over primary sliver p's expanded row
 * @param secondaryHash root over secondary sliver n-1-p's expanded column
 */
public record SliverPairMetadata(Node primaryHash, Node secondaryHash) {
  /** Size of a pair leaf: both hashes concatenated. */
  public static final int PAIR_LEAF_LENGTH = 2 * Node.LENGTH;

  /** Rejects null hashes. */
  public SliverPairMetadata {
    Objects.requireNonNull(primaryHash, "primaryHash");
    Objects.requireNonNull(secondaryHash, "secondaryHash");
  }

  /** The hash of the sliver of {@code type}. */
  public Node hash(SliverType type) {
    return type == SliverType.PRIMARY ? primaryHash : secondaryHash;
  }

  /** Writes the 64-byte Merkle leaf {@code primary_hash ‖ secondary_hash} to {@code out[off..]}. */
  public void pairLeafInput(byte[] out, int off) {
    primaryHash.copyTo(out, off);
    secondaryHash.copyTo(out, off + Node.LENGTH);
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    primaryHash.writeBcs(w);
    secondaryHash.writeBcs(w);
  }

  /** Reads the BCS form. */
  public static SliverPairMetadata readBcs(BcsReader r) {
    Node primary = Node.readBcs(r);
    Node secondary = Node.readBcs(r);
    return new SliverPairMetadata(primary, secondary);
  }
}
