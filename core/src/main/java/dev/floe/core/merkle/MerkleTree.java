package dev.floe.core.merkle;

import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.errors.InvalidSizeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Blake2b-256 Merkle tree with the Walrus rules (walrus-core merkle.rs): leaf = H(0x00 ‖ data),
 * inner = H(0x01 ‖ left ‖ right); a level with an odd number of nodes is padded with {@link
 * Node#EMPTY} (32 zero bytes, used as they are). The root of no leaves is {@link Node#EMPTY}, the
 * root of one leaf is that leaf's hash.
 *
 * <p>Keeps every level, so it can produce a {@link MerkleProof} for any leaf. For computing roots
 * only (the encoder builds 2n trees per blob) use {@link #rootOfLeafHashes}, which allocates no
 * node objects. Immutable and thread-safe once built.
 */
public final class MerkleTree {
  private static final int H = Node.LENGTH;
  private static final byte[] ZERO_NODE = new byte[H];

  /** levels.get(0) holds the leaf hashes; each level is count * 32 bytes, without padding. */
  private final List<byte[]> levels;
  private final int leafCount;

  private MerkleTree(List<byte[]> levels, int leafCount) {
    this.levels = levels;
    this.leafCount = leafCount;
  }

  /** Builds the tree over the given leaves (each hashed as H(0x00 ‖ leaf)). */
  public static MerkleTree fromLeaves(List<byte[]> leaves) {
    int count = leaves.size();
    byte[] hashes = new byte[Math.multiplyExact(count, H)];
    for (int i = 0; i < count; i++) {
      byte[] leaf = Objects.requireNonNull(leaves.get(i), "leaf");
      Blake2b256.leafHash(leaf, 0, leaf.length, hashes, i * H);
    }
    return build(hashes, count);
  }

  /**
   * Builds the tree over {@code count} leaves of {@code leafSize} bytes laid out back to back from
   * {@code data[off]}.
   */
  public static MerkleTree fromLeafData(byte[] data, int off, int leafSize, int count) {
    if (leafSize < 0 || count < 0) {
      throw new InvalidSizeException("leaf size and count must not be negative: " + leafSize + ", " + count);
    }
    Objects.checkFromIndexSize(off, Math.multiplyExact(leafSize, count), data.length);
    byte[] hashes = new byte[Math.multiplyExact(count, H)];
    Blake2b256.leafHashes(data, off, leafSize, count, hashes, 0);
    return build(hashes, count);
  }

  /** Builds the tree from {@code count} precomputed 32-byte leaf hashes (the array is copied). */
  public static MerkleTree fromLeafHashes(byte[] hashes, int count) {
    if (count < 0) {
      throw new InvalidSizeException("leaf count must not be negative: " + count);
    }
    Objects.checkFromIndexSize(0, Math.multiplyExact(count, H), hashes.length);
    byte[] copy = new byte[count * H];
    System.arraycopy(hashes, 0, copy, 0, copy.length);
    return build(copy, count);
  }

  private static MerkleTree build(byte[] leafHashes, int count) {
    List<byte[]> levels = new ArrayList<>();
    levels.add(leafHashes);
    byte[] level = leafHashes;
    int n = count;
    while (n > 1) {
      int parents = (n + 1) / 2;
      byte[] next = new byte[parents * H];
      Blake2b256.innerHashes(level, 0, n / 2, next, 0);
      if ((n & 1) == 1) {
        Blake2b256.innerHash(level, (n - 1) * H, ZERO_NODE, 0, next, (parents - 1) * H);
      }
      levels.add(next);
      level = next;
      n = parents;
    }
    return new MerkleTree(List.copyOf(levels), count);
  }

  /** Number of leaves. */
  public int leafCount() {
    return leafCount;
  }

  /** The root: {@link Node#EMPTY} for no leaves, else a digest. */
  public Node root() {
    if (leafCount == 0) {
      return Node.EMPTY;
    }
    return Node.digest(levels.get(levels.size() - 1), 0);
  }

  /** The hash of leaf {@code index}. */
  public Node leafHash(int index) {
    checkLeafIndex(index);
    return Node.digest(levels.get(0), index * H);
  }

  /**
   * The sibling path from leaf {@code index} to the root, bottom-up. A sibling that is the padding
   * of an odd level is {@link Node#EMPTY}.
   *
   * @throws InvalidSizeException if {@code index} is not a leaf index
   */
  public MerkleProof proof(int index) {
    checkLeafIndex(index);
    List<Node> path = new ArrayList<>(levels.size());
    int i = index;
    int n = leafCount;
    for (int level = 0; n > 1; level++) {
      int sibling = i ^ 1;
      path.add(sibling < n ? Node.digest(levels.get(level), sibling * H) : Node.EMPTY);
      i >>>= 1;
      n = (n + 1) / 2;
    }
    return new MerkleProof(path);
  }

  private void checkLeafIndex(int index) {
    if (index < 0 || index >= leafCount) {
      throw new InvalidSizeException("leaf index " + index + " is outside [0, " + leafCount + ")");
    }
  }

  /** Bytes of scratch space {@link #rootOfLeafHashes} needs for {@code count} leaves. */
  public static int scratchSize(int count) {
    return ((count + 1) / 2) * H;
  }

  /**
   * The root over {@code count} 32-byte leaf hashes found at {@code hashes[off + i * stride]},
   * computed level by level inside {@code scratch} (at least {@link #scratchSize(int)} bytes)
   * without allocating per node.
   */
  public static Node rootOfLeafHashes(byte[] hashes, int off, int stride, int count, byte[] scratch) {
    if (count == 0) {
      return Node.EMPTY;
    }
    byte[] out = new byte[H];
    rootOfLeafHashes(hashes, off, stride, count, scratch, out, 0);
    return Node.digest(out);
  }

  /**
   * Writes the root over {@code count >= 1} leaf hashes at {@code hashes[off + i * stride]} to
   * {@code out[outOff..outOff+32)}, allocating nothing. {@code scratch} needs {@link
   * #scratchSize(int)} bytes and may not overlap {@code hashes}. With {@code stride == 32} every
   * level is hashed four nodes at a time ({@link Blake2b256#innerHashes}).
   */
  public static void rootOfLeafHashes(
      byte[] hashes, int off, int stride, int count, byte[] scratch, byte[] out, int outOff) {
    if (count < 1) {
      throw new InvalidSizeException("a root needs at least one leaf hash, got " + count);
    }
    if (stride < H) {
      throw new InvalidSizeException("leaf hash stride must be at least 32, got " + stride);
    }
    long span = (long) (count - 1) * stride + H;
    if (off < 0 || span > (long) hashes.length - off) {
      throw new InvalidSizeException(
          count + " leaf hashes with stride " + stride + " from offset " + off
              + " do not fit in " + hashes.length + " bytes");
    }
    if (count == 1) {
      System.arraycopy(hashes, off, out, outOff, H);
      return;
    }
    if (scratch.length < scratchSize(count)) {
      throw new InvalidSizeException(
          "scratch needs " + scratchSize(count) + " bytes for " + count + " leaves, got " + scratch.length);
    }
    int n = (count + 1) / 2;
    if (stride == H) {
      Blake2b256.innerHashes(hashes, off, count / 2, scratch, 0);
    } else {
      for (int p = 0; p < count / 2; p++) {
        int leftAt = off + 2 * p * stride;
        Blake2b256.innerHash(hashes, leftAt, hashes, leftAt + stride, scratch, p * H);
      }
    }
    if ((count & 1) == 1) {
      Blake2b256.innerHash(hashes, off + (count - 1) * stride, ZERO_NODE, 0, scratch, (n - 1) * H);
    }
    while (n > 1) {
      int parents = (n + 1) / 2;
      // parent p overwrites slot p only after children 2p and 2p+1 were read
      Blake2b256.innerHashes(scratch, 0, n / 2, scratch, 0);
      if ((n & 1) == 1) {
        Blake2b256.innerHash(scratch, (n - 1) * H, ZERO_NODE, 0, scratch, (parents - 1) * H);
      }
      n = parents;
    }
    System.arraycopy(scratch, 0, out, outOff, H);
  }
}
