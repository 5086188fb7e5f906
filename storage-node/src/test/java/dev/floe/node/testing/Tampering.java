package dev.floe.node.testing;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.SliverPairMetadata;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import java.util.ArrayList;
import java.util.List;

/**
 * What a malicious writer does: alters one primary sliver and commits to the altered sliver's
 * hash, so that every sliver matches its own commitment but the slivers are not one codeword. Only
 * recovery of the altered sliver from the other axis exposes it.
 */
public final class Tampering {
  private Tampering() {}

  /**
   * An inconsistent blob.
   *
   * @param blobId the blob ID committing to the altered metadata
   * @param metadata the altered metadata
   * @param pair the sliver pair whose primary sliver was altered (the honest one is uploaded)
   */
  public record Tampered(BlobId blobId, BlobMetadata metadata, int pair) {}

  /**
   * Alters a primary sliver so that, under the new blob ID's rotation, its pair is stored by one of
   * {@code victimShards}.
   */
  public static Tampered tamper(EncodedBlob honest, EncodingConfig config, List<Integer> victimShards) {
    int n = config.nShards();
    for (int attempt = 0; attempt < 40 * n; attempt++) {
      int p = attempt % n;
      SliverData s = honest.pair(p).primary();
      byte[] altered = s.data();
      altered[attempt / n] ^= 0x01;
      SliverData bad = SliverData.of(SliverType.PRIMARY, p, s.symbolSize(), altered);
      List<SliverPairMetadata> hashes = new ArrayList<>(honest.metadata().metadata().hashes());
      hashes.set(p, new SliverPairMetadata(new RecoverySymbolProducer(config, bad).root(), hashes.get(p).secondaryHash()));
      BlobMetadata md = new BlobMetadata(honest.metadata().metadata().encodingType(), honest.metadata().unencodedLength(),
          hashes);
      BlobId id = md.computeBlobId();
      new BlobMetadataWithId(id, md).verify(config);
      if (victimShards.contains(config.shardForPair(p, id.rotationOffset(n)))) {
        return new Tampered(id, md, p);
      }
    }
    throw new IllegalStateException("no pair maps to the victim's shards");
  }
}
