package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.InconsistencyProof;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies inconsistency proofs sent by peers and, for a valid one, signs an {@code InvalidBlobId}
 * attestation for the current epoch with the node's protocol key (walrus-protocol.md §5.4).
 */
public final class InconsistencyService {
  private static final Logger LOG = LoggerFactory.getLogger(InconsistencyService.class);

  private final String logName;
  private final ChainState chainState;
  private final StorageService storage;
  private final NodeSigner signer;
  private final NodeMetrics metrics;

  public InconsistencyService(String logName, ChainState chainState, StorageService storage, NodeSigner signer,
      NodeMetrics metrics) {
    this.logName = logName;
    this.chainState = chainState;
    this.storage = storage;
    this.signer = signer;
    this.metrics = metrics;
  }

  /** Verifies the BCS {@code InconsistencyProof} for a sliver of {@code type}; signs if valid. */
  public SignedMessage attest(BlobId blobId, SliverType type, byte[] proofBcs) {
    ChainState.Snapshot snap = chainState.current();
    InconsistencyProof proof;
    try {
      proof = InconsistencyProof.fromBcs(type, proofBcs);
    } catch (BcsException e) {
      throw new NodeException(ErrorReason.MALFORMED_BCS, "body is not a BCS InconsistencyProof: " + e.getMessage(), e);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.INVALID_INCONSISTENCY_PROOF, e.getMessage(), e);
    }
    VerifiedBlobMetadata metadata = storage.storedMetadata(blobId).orElseThrow(() -> new NodeException(
        ErrorReason.METADATA_NOT_FOUND, "this node has no metadata of blob " + blobId + " to check the proof against"));
    try {
      proof.verify(snap.config(), metadata);
    } catch (InvalidDataException e) {
      throw new NodeException(ErrorReason.INVALID_INCONSISTENCY_PROOF,
          "the inconsistency proof for blob " + blobId + " is not valid: " + e.getMessage(), e);
    }
    byte[] message = new InvalidBlobIdMessage(snap.epoch(), blobId).toBytes();
    SignedMessage signed = new SignedMessage(message, signer.sign(message));
    metrics.attestationIssued();
    LOG.warn("{}: verified a proof that blob {} is inconsistently encoded; attested in epoch {}", logName, blobId,
        snap.epoch());
    return signed;
  }
}
