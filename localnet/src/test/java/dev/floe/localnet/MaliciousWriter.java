package dev.floe.localnet;

import dev.floe.client.ClientConfig;
import dev.floe.client.ProgressListener;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.client.upload.BlobUploader;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.ControlPlane;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.blob.SliverPairMetadata;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverPair;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A writer that cheats: it encodes a blob A correctly, then swaps the primary slivers of some
 * systematic rows for the rows of another blob B of the same size, together with their hashes in the
 * metadata. Every sliver matches its own hash (so nodes accept every upload and sign), but the rows
 * are inconsistent with the columns: the blob ID commits to an encoding no honest decoder can
 * reproduce. It registers, uploads through the real SDK uploader and certifies like an honest writer.
 */
final class MaliciousWriter {
  private MaliciousWriter() {}

  /** Registers, uploads and certifies an inconsistent blob of {@code size} bytes; returns its ID. */
  static BlobId storeInconsistentBlob(ControlPlane controlPlane, int size, List<Integer> swappedRows) throws Exception {
    int epoch = controlPlane.epochState().join().epoch();
    var committee = controlPlane.committee(epoch).join();
    EncodingConfig config = new EncodingConfig(committee.nShards());
    SplittableRandom random = new SplittableRandom(size);
    byte[] a = new byte[size];
    byte[] b = new byte[size];
    random.nextBytes(a);
    random.nextBytes(b);
    RedStuffEncoder encoder = new RedStuffEncoder(config);
    EncodedBlob honest = encoder.encode(a);
    EncodedBlob other = encoder.encode(b);

    List<SliverPairMetadata> hashes = new ArrayList<>(honest.metadata().metadata().hashes());
    List<SliverPair> pairs = new ArrayList<>(honest.pairs());
    for (int row : swappedRows) {
      SliverPairMetadata h = hashes.get(row);
      hashes.set(row, new SliverPairMetadata(other.metadata().hash(row, dev.floe.core.encoding.SliverType.PRIMARY),
          h.secondaryHash()));
      SliverPair p = pairs.get(row);
      pairs.set(row, new SliverPair(row, other.pair(row).primary(), p.secondary()));
    }
    BlobMetadata metadata = new BlobMetadata(EncodingType.RS2, size, hashes);
    VerifiedBlobMetadata verified = new BlobMetadataWithId(metadata.computeBlobId(), metadata).verify(config);
    EncodedBlob tampered = new EncodedBlob(config, verified, pairs);

    BlobObject registered = controlPlane.reserveAndRegisterBlob(
        new BlobRegistration(verified.blobId(), metadata.computeRoot(), size, EncodingType.RS2, false), 3).join();
    try (NodeTransport transport = new NodeTransport(
        ClientConfig.DEFAULT_CONNECT_TIMEOUT, ClientConfig.DEFAULT_REQUEST_TIMEOUT)) {
      NodeDirectory directory = new NodeDirectory(committee, transport);
      Certificate certificate = new BlobUploader(directory, ClientConfig.defaults())
          .upload(tampered, BlobPersistence.PERMANENT, ProgressListener.NONE);
      controlPlane.certifyBlob(registered.objectId(), certificate).join();
    }
    return verified.blobId();
  }
}
