package dev.floe.client.testing;

import dev.floe.client.ClientConfig;
import dev.floe.client.ProgressListener;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.client.upload.BlobUploader;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.CommitteeInfo;
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
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.BlobPersistence;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a blob whose encoding is inconsistent, as a cheating writer would: the primary sliver of
 * systematic row 0 (and its hash in the metadata) comes from the encoding of another blob of the same
 * size. Every sliver matches its hash, so the nodes accept and certify it, but the rows disagree with
 * the columns: re-encoding what the rows say gives another blob ID.
 */
public final class InconsistentBlobs {
  private InconsistentBlobs() {}

  /** Registers, uploads and certifies such a blob of {@code size} bytes; returns its ID. */
  public static BlobId store(ControlPlane controlPlane, byte[] honest, byte[] other) throws Exception {
    if (honest.length != other.length) {
      throw new IllegalArgumentException("both blobs must have the same size");
    }
    CommitteeInfo committee = controlPlane.committee(controlPlane.epochState().join().epoch()).join();
    EncodingConfig config = new EncodingConfig(committee.nShards());
    RedStuffEncoder encoder = new RedStuffEncoder(config);
    EncodedBlob a = encoder.encode(honest);
    EncodedBlob b = encoder.encode(other);
    List<SliverPairMetadata> hashes = new ArrayList<>(a.metadata().metadata().hashes());
    List<SliverPair> pairs = new ArrayList<>(a.pairs());
    hashes.set(0, new SliverPairMetadata(b.metadata().hash(0, SliverType.PRIMARY), hashes.get(0).secondaryHash()));
    pairs.set(0, new SliverPair(0, b.pair(0).primary(), a.pair(0).secondary()));
    BlobMetadata metadata = new BlobMetadata(EncodingType.RS2, honest.length, hashes);
    VerifiedBlobMetadata verified = new BlobMetadataWithId(metadata.computeBlobId(), metadata).verify(config);

    BlobObject registered = controlPlane.reserveAndRegisterBlob(
        new BlobRegistration(verified.blobId(), metadata.computeRoot(), honest.length, EncodingType.RS2, false), 2)
        .join();
    try (NodeTransport transport =
        new NodeTransport(ClientConfig.DEFAULT_CONNECT_TIMEOUT, ClientConfig.DEFAULT_REQUEST_TIMEOUT)) {
      var certificate = new BlobUploader(new NodeDirectory(committee, transport), ClientConfig.defaults())
          .upload(new EncodedBlob(config, verified, pairs), BlobPersistence.PERMANENT, ProgressListener.NONE);
      controlPlane.certifyBlob(registered.objectId(), certificate).join();
    }
    return verified.blobId();
  }
}
