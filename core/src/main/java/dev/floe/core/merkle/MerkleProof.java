package dev.floe.core.merkle;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.errors.InvalidProofException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.List;

/**
 * A Merkle inclusion proof: the sibling nodes on the path from a leaf to the root, bottom-up. Bit
 * {@code k} of the leaf index says whether the running hash is the right (1) or left (0) child at
 * level {@code k}. The leaf index and leaf count are not part of the proof; the verifier supplies
 * them.
 *
 * <p>BCS: {@code MerkleProof { path: Vec<Node> }}. Use the boolean {@code verify} methods to
 * branch, the {@code check} methods to fail with an {@link InvalidProofException} saying why.
 * Immutable.
 *
 * @param path sibling nodes, leaf level first
 */
public record MerkleProof(List<Node> path) {
  private static final int H = Node.LENGTH;

  /** Copies {@code path}, which must not contain null. */
  public MerkleProof {
    path = List.copyOf(path);
  }

  /**
   * The longest valid path for a tree of {@code leafCount} leaves: 0 for up to one leaf, else
   * floor(log2(leafCount - 1)) + 1.
   */
  public static int maxPathLength(int leafCount) {
    if (leafCount < 0) {
      throw new InvalidSizeException("leaf count must not be negative: " + leafCount);
    }
    return leafCount <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(leafCount - 1);
  }

  /** Whether {@code index} can be addressed by this path (index < 2^pathLength). */
  public boolean indexFits(int index) {
    return index >= 0 && (path.size() >= 31 || (index >>> path.size()) == 0);
  }

  /** The root implied by leaf data {@code leafData} at {@code index}. */
  public Node computeRoot(byte[] leafData, int index) {
    return computeRoot(leafData, 0, leafData.length, index);
  }

  /** The root implied by leaf data {@code data[off..off+len)} at {@code index}. */
  public Node computeRoot(byte[] data, int off, int len, int index) {
    byte[] work = new byte[2 * H];
    Blake2b256.leafHash(data, off, len, work, 0);
    return Node.digest(climb(work, index), 0);
  }

  /** The root implied by the 32-byte leaf hash {@code leafHash} at {@code index}. */
  public Node computeRootFromLeafHash(byte[] leafHash, int index) {
    if (leafHash.length != H) {
      throw new InvalidSizeException("a leaf hash has 32 bytes, got " + leafHash.length);
    }
    byte[] work = new byte[2 * H];
    System.arraycopy(leafHash, 0, work, 0, H);
    return Node.digest(climb(work, index), 0);
  }

  /** Hashes up the path; work[0..32) holds the leaf hash on entry and the root on exit. */
  private byte[] climb(byte[] work, int index) {
    if (!indexFits(index)) {
      throw new InvalidProofException(
          "leaf index " + index + " does not fit a proof of " + path.size() + " levels");
    }
    int i = index;
    for (Node sibling : path) {
      sibling.copyTo(work, H);
      if ((i & 1) == 0) {
        Blake2b256.innerHash(work, 0, work, H, work, 0);
      } else {
        Blake2b256.innerHash(work, H, work, 0, work, 0);
      }
      i >>>= 1;
    }
    return work;
  }

  /** Whether {@code leafData} is leaf {@code index} under {@code root}. */
  public boolean verify(byte[] leafData, int index, Node root) {
    return verify(leafData, 0, leafData.length, index, root);
  }

  /** Whether {@code data[off..off+len)} is leaf {@code index} under {@code root}. */
  public boolean verify(byte[] data, int off, int len, int index, Node root) {
    return indexFits(index) && computeRoot(data, off, len, index).equals(root);
  }

  /** Whether the 32-byte {@code leafHash} is leaf {@code index} under {@code root}. */
  public boolean verifyLeafHash(byte[] leafHash, int index, Node root) {
    return leafHash.length == H
        && indexFits(index)
        && computeRootFromLeafHash(leafHash, index).equals(root);
  }

  /** Throws unless the path is short enough for a tree of {@code leafCount} leaves. */
  public void checkPathLength(int leafCount) {
    int max = maxPathLength(leafCount);
    if (path.size() > max) {
      throw new InvalidProofException(
          "proof has " + path.size() + " levels, a tree of " + leafCount + " leaves has at most " + max);
    }
  }

  /**
   * Checks that {@code data[off..off+len)} is leaf {@code index} of a {@code leafCount}-leaf tree
   * with {@code root}.
   *
   * @throws InvalidProofException naming the failed check
   */
  public void check(byte[] data, int off, int len, int index, int leafCount, Node root) {
    checkShape(index, leafCount);
    Node computed = computeRoot(data, off, len, index);
    if (!computed.equals(root)) {
      throw new InvalidProofException(
          "proof for leaf " + index + " gives root " + computed + ", expected " + root);
    }
  }

  /** Like {@link #check(byte[], int, int, int, int, Node)} for the whole of {@code leafData}. */
  public void check(byte[] leafData, int index, int leafCount, Node root) {
    check(leafData, 0, leafData.length, index, leafCount, root);
  }

  /** Like {@link #check} for a precomputed 32-byte leaf hash. */
  public void checkLeafHash(byte[] leafHash, int index, int leafCount, Node root) {
    checkShape(index, leafCount);
    Node computed = computeRootFromLeafHash(leafHash, index);
    if (!computed.equals(root)) {
      throw new InvalidProofException(
          "proof for leaf hash " + index + " gives root " + computed + ", expected " + root);
    }
  }

  private void checkShape(int index, int leafCount) {
    if (index < 0 || index >= leafCount) {
      throw new InvalidProofException("leaf index " + index + " is outside [0, " + leafCount + ")");
    }
    checkPathLength(leafCount);
    if (!indexFits(index)) {
      throw new InvalidProofException(
          "leaf index " + index + " does not fit a proof of " + path.size() + " levels");
    }
  }

  /** Appends the BCS form {@code Vec<Node>}. */
  public void writeBcs(BcsWriter w) {
    w.writeVector(path, (writer, node) -> node.writeBcs(writer));
  }

  /** The BCS bytes. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(1 + path.size() * (1 + H));
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads a proof in BCS form. */
  public static MerkleProof readBcs(BcsReader r) {
    return new MerkleProof(r.readVector(Node::readBcs));
  }

  /** Decodes exactly one BCS proof. */
  public static MerkleProof fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, MerkleProof::readBcs);
  }

  @Override
  public String toString() {
    return "MerkleProof[" + path.size() + " levels]";
  }
}
