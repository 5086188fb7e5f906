package dev.floe.core.blob;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import java.util.List;
import java.util.Objects;

/**
 * Metadata of a blob, version 1 (Walrus {@code BlobMetadata::V1}): the encoding type, the
 * unencoded length, and one {@link SliverPairMetadata} per sliver pair (n of them).
 *
 * <p>BCS: {@code enum BlobMetadata { V1 = 0 { encoding_type: EncodingType (RS2 = 1),
 * unencoded_length: u64, hashes: Vec<SliverPairMetadata> } }}. Immutable.
 *
 * @param encodingType the erasure code; only RS2 exists
 * @param unencodedLength the blob's length in bytes, non-negative
 * @param hashes the sliver-pair commitments in pair-index order
 */
public record BlobMetadata(EncodingType encodingType, long unencodedLength, List<SliverPairMetadata> hashes) {
  /** BCS variant index of version 1. */
  public static final int VERSION_1 = 0;

  /** Minimum BCS size of one {@link SliverPairMetadata}: two Empty nodes. */
  private static final int MIN_PAIR_BYTES = 2;

  /** Validates and copies the hash list. */
  public BlobMetadata {
    Objects.requireNonNull(encodingType, "encodingType");
    if (unencodedLength < 0) {
      throw new InvalidSizeException("unencoded length must be a u64 below 2^63, got " + Long.toUnsignedString(unencodedLength));
    }
    hashes = List.copyOf(hashes);
  }

  /** The commitment of sliver {@code type} of pair {@code pairIndex}. */
  public Node hash(int pairIndex, SliverType type) {
    if (pairIndex < 0 || pairIndex >= hashes.size()) {
      throw new InvalidSizeException("pair index " + pairIndex + " is outside [0, " + hashes.size() + ")");
    }
    return hashes.get(pairIndex).hash(type);
  }

  /** The Merkle root over the 64-byte pair leaves {@code primary_hash ‖ secondary_hash}. */
  public Node computeRoot() {
    int n = hashes.size();
    if (n == 0) {
      return Node.EMPTY;
    }
    int leafLength = SliverPairMetadata.PAIR_LEAF_LENGTH;
    byte[] leaves = new byte[n * leafLength];
    for (int i = 0; i < n; i++) {
      hashes.get(i).pairLeafInput(leaves, i * leafLength);
    }
    byte[] leafHashes = new byte[n * Node.LENGTH];
    Blake2b256.leafHashes(leaves, 0, leafLength, n, leafHashes, 0);
    return MerkleTree.rootOfLeafHashes(leafHashes, 0, Node.LENGTH, n, new byte[MerkleTree.scratchSize(n)]);
  }

  /** The blob ID these metadata commit to. */
  public BlobId computeBlobId() {
    return BlobId.compute(encodingType, unencodedLength, computeRoot());
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeEnumIndex(VERSION_1);
    w.writeEnumIndex(encodingType.code());
    w.writeU64(unencodedLength);
    w.writeVector(hashes, (writer, pair) -> pair.writeBcs(writer));
  }

  /** The BCS bytes. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(16 + hashes.size() * 66);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads the BCS form. */
  public static BlobMetadata readBcs(BcsReader r) {
    r.readEnumIndex(1, "BlobMetadata version");
    long code = r.readUleb128();
    EncodingType type = EncodingType.fromCode((int) Math.min(code, Integer.MAX_VALUE));
    int at = r.position();
    long length = r.readU64();
    if (length < 0) {
      throw new BcsException("unencoded length " + Long.toUnsignedString(length) + " at offset " + at + " exceeds 2^63-1");
    }
    List<SliverPairMetadata> pairs = r.readVector(MIN_PAIR_BYTES, SliverPairMetadata::readBcs);
    return new BlobMetadata(type, length, pairs);
  }

  /** Decodes exactly one BCS {@code BlobMetadata}. */
  public static BlobMetadata fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, BlobMetadata::readBcs);
  }

  @Override
  public String toString() {
    return "BlobMetadata[" + encodingType + ", " + unencodedLength + " bytes, " + hashes.size() + " pairs]";
  }
}
