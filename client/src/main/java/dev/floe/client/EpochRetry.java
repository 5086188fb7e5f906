package dev.floe.client;

import dev.floe.client.ProgressListener.Phase;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.WrongEpochException;
import dev.floe.core.messages.Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload-and-certify half of a store, repeated when the epoch changes underneath it: storage
 * confirmations are signed for one epoch and the contract accepts a certificate only for the current
 * one, so when the upload ends without a quorum ({@link InsufficientConfirmationsException}: nodes
 * confirmed a newer epoch or no longer hold the shards) or the certificate is refused ({@link
 * WrongEpochException}), and the chain's epoch has moved on, the committee is read again and the blob is
 * uploaded to the new owners and confirmed for the new epoch. Nodes that already hold a sliver
 * answer its repeated upload at once.
 */
final class EpochRetry {
  private static final Logger LOG = LoggerFactory.getLogger(EpochRetry.class);
  /** Upload rounds at most: the first and one per epoch change seen during the store. */
  static final int MAX_ROUNDS = 3;

  /** One upload round to the given committee, ending with the certificate. */
  @FunctionalInterface
  interface Upload {
    Certificate to(NodeDirectory committee) throws InterruptedException;
  }

  private final Committees committees;
  private final ControlPlane controlPlane;

  EpochRetry(Committees committees, ControlPlane controlPlane) {
    this.committees = committees;
    this.controlPlane = controlPlane;
  }

  /**
   * Uploads with {@code upload} to {@code committee} and certifies {@code registered}; on an epoch
   * change, again to the new committee, at most {@link #MAX_ROUNDS} rounds.
   *
   * @throws EpochChangedException if the epoch kept changing for {@link #MAX_ROUNDS} rounds
   * @throws InsufficientConfirmationsException if no quorum confirmed and the epoch did not change
   */
  BlobObject uploadAndCertify(NodeDirectory committee, BlobObject registered, ProgressListener progress,
      Upload upload) throws InterruptedException {
    NodeDirectory current = committee;
    for (int round = 1; ; round++) {
      long start = System.nanoTime();
      RuntimeException failure;
      try {
        Certificate certificate = upload.to(current);
        long uploaded = System.nanoTime();
        progress.onProgress(Phase.CERTIFYING, 0, 1);
        BlobObject certified = Futures.await(controlPlane.certifyBlob(registered.objectId(), certificate));
        progress.onProgress(Phase.CERTIFYING, 1, 1);
        LOG.debug("{}: upload and confirmations for epoch {} took {} ms, certify tx {} ms", registered.blobId(),
            current.epoch(), (uploaded - start) / 1_000_000, (System.nanoTime() - uploaded) / 1_000_000);
        return certified;
      } catch (InsufficientConfirmationsException e) {
        failure = e;
      } catch (WrongEpochException e) {
        failure = e;
      }
      NodeDirectory latest = committees.current();
      if (latest.epoch() == current.epoch()) {
        throw failure;
      }
      if (round >= MAX_ROUNDS) {
        throw new EpochChangedException(registered.blobId(), committee.epoch(), latest.epoch(), round, failure);
      }
      LOG.info("{}: the epoch changed from {} to {} during the upload ({}); uploading to the committee of epoch {}",
          registered.blobId(), current.epoch(), latest.epoch(), failure.getMessage(), latest.epoch());
      current = latest;
    }
  }
}
