package dev.floe.client;

import dev.floe.client.ProgressListener.Phase;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.upload.BlobUploader;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.BlobCertified;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.BlobSource;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.messages.BlobPersistence;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store path of the SDK: encode, reserve and register on-chain (or reuse an uncertified
 * registration of this account, e.g. one left by a store whose certification failed, instead of paying
 * again), upload metadata and sliver pairs
 * to the committee ({@link BlobUploader}), collect a quorum of signed confirmations, certify
 * on-chain. Blobs up to {@link ClientConfig#inMemoryEncodingLimit()} are encoded once in memory;
 * larger ones are encoded a first time for the blob ID (to register before uploading) and a second
 * time streamed to the nodes. When the epoch changes during the upload, the upload is repeated to the
 * new committee ({@link EpochRetry}). Timings of each phase are logged at DEBUG. Blocking; call from a
 * worker thread. Thread-safe.
 */
public final class BlobWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BlobWriter.class);

  private final ControlPlane controlPlane;
  private final ClientConfig config;
  private final Committees committees;

  BlobWriter(ControlPlane controlPlane, ClientConfig config, Committees committees) {
    this.controlPlane = controlPlane;
    this.config = config;
    this.committees = committees;
  }

  /** Stores an in-memory blob (not copied; do not modify it while it is stored). */
  public StoreResult store(byte[] blob, StoreOptions options, ProgressListener progress) throws InterruptedException {
    return store(BlobSource.of(blob), blob, options, progress);
  }

  /** Stores the blob read from {@code source} (e.g. a {@link dev.floe.core.encoding.FileBlobSource}). */
  public StoreResult store(BlobSource source, StoreOptions options, ProgressListener progress)
      throws InterruptedException {
    return store(source, null, options, progress);
  }

  private StoreResult store(BlobSource source, byte[] inMemory, StoreOptions options, ProgressListener progress)
      throws InterruptedException {
    long started = System.nanoTime();
    int maxEpochsAhead = controlPlane.deployment().parameters().maxEpochsAhead();
    if (options.epochs() > maxEpochsAhead) {
      // refused before encoding and paying gas: the contract would revert the registration
      throw new IllegalArgumentException(
          "epochs " + options.epochs() + " exceeds this deployment's maximum of " + maxEpochsAhead + " epochs ahead");
    }
    EpochState epoch = Futures.await(controlPlane.epochState());
    NodeDirectory directory = committees.current();
    CompletableFuture<Prices> pricesRead = controlPlane.prices();
    RedStuffEncoder encoder = new RedStuffEncoder(directory.config()).withThreads(config.effectiveEncoderThreads());
    long length = source.length();
    progress.onProgress(Phase.ENCODING, 0, length);
    long encodeStart = System.nanoTime();
    EncodedBlob encoded = null;
    VerifiedBlobMetadata metadata;
    if (length <= config.inMemoryEncodingLimit()) {
      encoded = encoder.encode(inMemory != null ? inMemory : readAll(source));
      metadata = encoded.metadata();
    } else {
      metadata = encoder.computeMetadata(source);
    }
    long encodeEnd = System.nanoTime();
    progress.onProgress(Phase.ENCODING, length, length);
    BlobId blobId = metadata.blobId();
    LOG.atInfo().addKeyValue("blobId", blobId).addKeyValue("bytes", length).log("encoded blob");

    Optional<StoreResult> existing = existingResult(blobId, epoch.epoch(), options);
    if (existing.isPresent()) {
      return existing.get();
    }

    long encodedLength = directory.config().encodedLength(length);
    Prices prices = Futures.await(pricesRead);
    long registerStart = System.nanoTime();
    progress.onProgress(Phase.REGISTERING, 0, 1);
    Optional<BlobObject> reusable = reusableRegistration(blobId, epoch.epoch(), options);
    BlobObject registered;
    if (reusable.isPresent()) {
      registered = reusable.get();
      LOG.atInfo().addKeyValue("blobId", blobId).addKeyValue("objectId", registered.objectId())
          .log("reusing an uncertified registration of this account");
    } else {
      BlobRegistration registration =
          new BlobRegistration(blobId, metadata.metadata().computeRoot(), length, EncodingType.RS2, options.deletable());
      registered = Futures.await(controlPlane.reserveAndRegisterBlob(registration, options.epochs()));
    }
    long registerEnd = System.nanoTime();
    progress.onProgress(Phase.REGISTERING, 1, 1);
    LOG.atInfo().addKeyValue("blobId", blobId).addKeyValue("objectId", registered.objectId()).log("registered blob");

    BlobPersistence persistence =
        options.deletable() ? BlobPersistence.deletable(registered.objectId().toBytes()) : BlobPersistence.PERMANENT;
    EncodedBlob inMemoryEncoding = encoded;
    BlobObject certified = new EpochRetry(committees, controlPlane).uploadAndCertify(
        directory, registered, progress, members -> {
          BlobUploader uploader = new BlobUploader(members, config);
          return inMemoryEncoding != null
              ? uploader.upload(inMemoryEncoding, persistence, progress)
              : uploader.upload(encoder, source, metadata, persistence, progress);
        });
    LOG.atInfo().addKeyValue("blobId", blobId).addKeyValue("endEpoch", certified.endEpoch()).log("certified blob");
    if (LOG.isDebugEnabled()) {
      long end = System.nanoTime();
      LOG.debug("store of {} ({} bytes) took {} ms: committee {} ms, encode {} ms, status check {} ms,"
              + " reserve+register tx {} ms, upload+confirm+certify {} ms", blobId, length, millis(started, end),
          millis(started, encodeStart), millis(encodeStart, encodeEnd), millis(encodeEnd, registerStart),
          millis(registerStart, registerEnd), millis(registerEnd, end));
    }

    if (reusable.isPresent()) {
      return new StoreResult.NewlyCreated(certified, new StoreResult.ResourceOperation(encodedLength, 0, true), 0);
    }
    TokenAmount cost = prices.reservationCost(encodedLength, options.epochs()).plus(prices.writeCost(encodedLength));
    return new StoreResult.NewlyCreated(
        certified, new StoreResult.ResourceOperation(encodedLength, options.epochs()), cost.units().longValueExact());
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  /**
   * The answer without storing, when the blob ID is invalid or (unless forced) already certified as
   * a permanent blob until at least {@code currentEpoch + epochs}.
   */
  private Optional<StoreResult> existingResult(BlobId blobId, int currentEpoch, StoreOptions options) {
    BlobStatus status = Futures.await(controlPlane.blobStatus(blobId));
    if (status instanceof BlobStatus.Invalid) {
      return Optional.of(new StoreResult.MarkedInvalid(blobId));
    }
    if (options.force() || options.deletable()) {
      return Optional.empty();
    }
    if (status instanceof BlobStatus.Permanent p && p.certified() && p.endEpoch() >= currentEpoch + options.epochs()) {
      BlobRegistrations.Found found = new BlobRegistrations(controlPlane).find(blobId);
      for (BlobObject blob : found.registrations()) {
        if (!blob.deletable() && !blob.deleted() && blob.isCertified() && blob.endEpoch() >= currentEpoch + options.epochs()) {
          Optional<BlobCertified> event = found.lastCertification(blob.objectId());
          if (event.isPresent()) {
            return Optional.of(new StoreResult.AlreadyCertified(
                blobId, blob.endEpoch(), event.get().id().blockNumber(), event.get().id().logIndex()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * An uncertified, undeleted registration of {@code blobId} owned by this account, with the
   * requested persistence and lasting until at least {@code currentEpoch + epochs} (e.g. left behind
   * by a store whose upload or certification failed): uploading to it again costs nothing, whereas a
   * new registration would be paid a second time.
   */
  private Optional<BlobObject> reusableRegistration(BlobId blobId, int currentEpoch, StoreOptions options) {
    if (Futures.await(controlPlane.blobStatus(blobId)) instanceof BlobStatus.Nonexistent) {
      return Optional.empty();
    }
    return new BlobRegistrations(controlPlane).find(blobId).registrations().stream()
        .filter(b -> b.owner().equals(controlPlane.account()) && !b.deleted() && !b.isCertified()
            && b.deletable() == options.deletable() && b.endEpoch() >= currentEpoch + options.epochs())
        .max(java.util.Comparator.comparingInt(BlobObject::endEpoch));
  }

  private static byte[] readAll(BlobSource source) {
    long length = source.length();
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("blob of " + length + " bytes is too large to hold in memory");
    }
    byte[] data = new byte[(int) length];
    if (length > 0) {
      source.read(0, data, 0, data.length);
    }
    return data;
  }
}
