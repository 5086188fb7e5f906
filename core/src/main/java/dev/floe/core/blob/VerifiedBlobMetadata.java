package dev.floe.core.blob;

import dev.floe.core.encoding.SliverType;
import dev.floe.core.merkle.Node;

/**
 * Metadata that passed {@link BlobMetadataWithId#verify}: the hash count matches the committee's
 * shard count, the length is within bounds, and the metadata commit to the blob ID. Only {@code
 * verify} creates instances, so holding one is proof of the check. Immutable.
 */
public final class VerifiedBlobMetadata {
  private final BlobMetadataWithId withId;

  VerifiedBlobMetadata(BlobMetadataWithId withId) {
    this.withId = withId;
  }

  /** The verified blob ID. */
  public BlobId blobId() {
    return withId.blobId();
  }

  /** The verified metadata. */
  public BlobMetadata metadata() {
    return withId.metadata();
  }

  /** The blob ID and metadata, e.g. to serve or store them. */
  public BlobMetadataWithId withId() {
    return withId;
  }

  /** The blob's unencoded length. */
  public long unencodedLength() {
    return withId.metadata().unencodedLength();
  }

  /** The commitment of sliver {@code type} of pair {@code pairIndex}. */
  public Node hash(int pairIndex, SliverType type) {
    return withId.metadata().hash(pairIndex, type);
  }

  /** The BCS bytes of {@link #withId()}. */
  public byte[] toBcs() {
    return withId.toBcs();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedBlobMetadata other && withId.equals(other.withId);
  }

  @Override
  public int hashCode() {
    return withId.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiedBlobMetadata[" + blobId() + ", " + metadata() + "]";
  }
}
