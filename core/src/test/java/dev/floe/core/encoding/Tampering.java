package dev.floe.core.encoding;

import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.SliverPairMetadata;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.merkle.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds inconsistently encoded blobs the way a malicious writer would: replace one sliver, commit
 * to its real Merkle root in the metadata, and derive a blob ID that matches those metadata.
 */
final class Tampering {
  private Tampering() {}

  /** A copy of {@code sliver} with one byte of symbol {@code symbol} flipped. */
  static SliverData flip(SliverData sliver, int symbol) {
    byte[] data = sliver.data();
    data[symbol * sliver.symbolSize()] ^= 0x5A;
    return SliverData.of(sliver.type(), sliver.index(), sliver.symbolSize(), data);
  }

  /** Metadata committing to {@code replaced} instead of the original sliver at its position. */
  static VerifiedBlobMetadata commitTo(EncodingConfig config, VerifiedBlobMetadata original, SliverData replaced) {
    Node root = new RecoverySymbolProducer(config, replaced).root();
    List<SliverPairMetadata> hashes = new ArrayList<>(original.metadata().hashes());
    int pair =
        replaced.type() == SliverType.PRIMARY ? replaced.index() : config.secondarySliverIndex(replaced.index());
    SliverPairMetadata old = hashes.get(pair);
    hashes.set(
        pair,
        replaced.type() == SliverType.PRIMARY
            ? new SliverPairMetadata(root, old.secondaryHash())
            : new SliverPairMetadata(old.primaryHash(), root));
    return withHashes(config, original.metadata().unencodedLength(), hashes);
  }

  /** Verified metadata for the given length and hashes, with the matching blob ID. */
  static VerifiedBlobMetadata withHashes(EncodingConfig config, long length, List<SliverPairMetadata> hashes) {
    BlobMetadata md = new BlobMetadata(config.encodingType(), length, hashes);
    return new BlobMetadataWithId(md.computeBlobId(), md).verify(config);
  }
}
