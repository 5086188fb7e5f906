package dev.floe.client;

import dev.floe.client.daemon.BlobBody;
import dev.floe.client.daemon.DaemonBackend;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.StorageResource;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.FileBlobSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Floe Java SDK: store, read, status, extend and delete blobs on a Floe deployment reached
 * through a {@link ControlPlane} (the chain) and the storage nodes of its current committee.
 *
 * <pre>{@code
 * try (FloeClient floe = new FloeClient(controlPlane, ClientConfig.defaults())) {
 *   StoreResult stored = floe.store(bytes, StoreOptions.forEpochs(5), ProgressListener.NONE).join();
 *   byte[] back = floe.read(stored.blobId(), ReadOptions.DEFAULT, ProgressListener.NONE).join();
 *   long size = floe.readTo(stored.blobId(), Path.of("blob.bin"), ReadOptions.DEFAULT, ProgressListener.NONE).join();
 * }
 * }</pre>
 *
 * Every operation runs on its own virtual thread and returns a future; failures are {@link
 * FloeClientException}s ({@link BlobNotAvailableException}, {@link BlobInvalidException}, {@link
 * InsufficientConfirmationsException}), control-plane exceptions, or {@link
 * dev.floe.core.errors.InvalidDataException}s for bad input. The client does not own the control
 * plane: close that yourself. Thread-safe.
 */
public final class FloeClient implements DaemonBackend, AutoCloseable {
  private final ControlPlane controlPlane;
  private final ClientConfig config;
  private final NodeTransport transport;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BlobWriter writer;
  private final BlobReader reader;

  public FloeClient(ControlPlane controlPlane, ClientConfig config) {
    this.controlPlane = controlPlane;
    this.config = config;
    this.transport = new NodeTransport(config.connectTimeout(), config.requestTimeout());
    Committees committees = new Committees(controlPlane, transport);
    this.writer = new BlobWriter(controlPlane, config, committees);
    this.reader = new BlobReader(controlPlane, config, committees);
  }

  /** The control plane this client uses. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /** The configuration. */
  public ClientConfig config() {
    return config;
  }

  /**
   * Bytes of answer bodies this client received from storage nodes so far (slivers, symbols,
   * metadata, confirmations), for monitoring and for measuring what a read costs.
   */
  public long bytesReceivedFromNodes() {
    return transport.bytesReceived();
  }

  /** The blocking store path (for callers that manage their own threads). */
  public BlobWriter writer() {
    return writer;
  }

  /** The blocking read path (for callers that manage their own threads). */
  public BlobReader reader() {
    return reader;
  }

  /** Stores an in-memory blob. */
  public CompletableFuture<StoreResult> store(byte[] blob, StoreOptions options, ProgressListener progress) {
    return async(() -> writer.store(blob, options, progress));
  }

  /** Stores a file; large files are streamed from disk rather than loaded whole. */
  public CompletableFuture<StoreResult> store(Path file, StoreOptions options, ProgressListener progress) {
    return async(() -> {
      long size = Files.size(file);
      if (size <= config.inMemoryEncodingLimit()) {
        return writer.store(Files.readAllBytes(file), options, progress);
      }
      try (FileBlobSource source = FileBlobSource.open(file)) {
        return writer.store(source, options, progress);
      }
    });
  }

  /**
   * Reads and verifies a blob into memory; fails with {@link dev.floe.core.errors.InvalidSizeException}
   * for blobs too large for a byte array (use {@link #readTo}).
   */
  public CompletableFuture<byte[]> read(BlobId blobId, ReadOptions options, ProgressListener progress) {
    return async(() -> reader.read(blobId, options, progress));
  }

  /** Reads and verifies a blob into memory with the default check. */
  public CompletableFuture<byte[]> read(BlobId blobId) {
    return read(blobId, ReadOptions.DEFAULT, ProgressListener.NONE);
  }

  /**
   * Reads and verifies a blob of any size into the file {@code out}, which is replaced atomically
   * only after every check passed (see {@link BlobReader#readTo}); completes with the blob's length.
   */
  public CompletableFuture<Long> readTo(BlobId blobId, Path out, ReadOptions options, ProgressListener progress) {
    return async(() -> reader.readTo(blobId, out, options, progress));
  }

  /** The chain's status of a blob ID, with the current epoch to judge expiry. */
  public CompletableFuture<BlobStatusReport> status(BlobId blobId) {
    return async(() -> new BlobStatusReport(
        blobId, Futures.await(controlPlane.blobStatus(blobId)), Futures.await(controlPlane.epochState()).epoch()));
  }

  /** The registrations of a blob ID (found by scanning the chain's blob events). */
  public CompletableFuture<List<BlobObject>> registrations(BlobId blobId) {
    return async(() -> new BlobRegistrations(controlPlane).find(blobId).registrations());
  }

  /** Extends the certified registration {@code objectId} by {@code epochs} epochs. */
  public CompletableFuture<BlobObject> extend(ObjectId objectId, int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs to extend by must be at least 1, got " + epochs);
    }
    return controlPlane.extendBlob(objectId, epochs);
  }

  /** Deletes the deletable registration {@code objectId} owned by this client's account. */
  public CompletableFuture<StorageResource> delete(ObjectId objectId) {
    return controlPlane.deleteBlob(objectId);
  }

  /** Epoch, committee and prices. */
  public CompletableFuture<SystemInfo> info() {
    return async(() -> {
      EpochState epoch = Futures.await(controlPlane.epochState());
      CommitteeInfo committee = Futures.await(controlPlane.committee(epoch.epoch()));
      Prices prices = Futures.await(controlPlane.prices());
      return new SystemInfo(controlPlane.deployment(), epoch, committee, prices);
    });
  }

  // ------------------------------------------------------------------ DaemonBackend

  @Override
  public CompletableFuture<StoreResult> store(byte[] data, StoreOptions options) {
    return store(data, options, ProgressListener.NONE);
  }

  @Override
  public CompletableFuture<StoreResult> store(Path file, StoreOptions options) {
    return store(file, options, ProgressListener.NONE);
  }

  @Override
  public CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir) {
    return read(blobId, inMemoryLimit, spoolDir, bytes -> {});
  }

  @Override
  public CompletableFuture<BlobBody> read(
      BlobId blobId, long inMemoryLimit, Path spoolDir, java.util.function.LongConsumer beforeSpooling) {
    return async(() -> reader.readWhole(
        blobId, ReadOptions.DEFAULT, inMemoryLimit, spoolDir, beforeSpooling, ProgressListener.NONE));
  }

  @Override
  public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length) {
    return async(() -> reader.readRange(blobId, start, length, ProgressListener.NONE));
  }

  @Override
  public CompletableFuture<byte[]> readRange(
      BlobId blobId, long start, long length, java.util.function.LongConsumer beforeWholeDecode) {
    return async(() -> reader.readRange(blobId, start, length, ProgressListener.NONE, beforeWholeDecode));
  }

  @Override
  public CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length, Path spoolDir,
      java.util.function.LongConsumer beforeWholeDecode) {
    return async(() -> reader.readRange(blobId, start, length, ProgressListener.NONE, beforeWholeDecode, spoolDir));
  }

  @Override
  public CompletableFuture<Long> size(BlobId blobId) {
    return async(() -> reader.metadata(blobId).unencodedLength());
  }

  @Override
  public long maxBlobSize() {
    return new dev.floe.core.encoding.EncodingConfig(controlPlane.deployment().parameters().nShards()).maxBlobSize();
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("chainId", controlPlane.deployment().chainId());
    status.put("nShards", controlPlane.deployment().parameters().nShards());
    try {
      EpochState epoch = Futures.await(controlPlane.epochState());
      status.put("epoch", epoch.epoch());
      status.put("epochPhase", epoch.phase().name());
    } catch (RuntimeException e) {
      status.put("chainError", e.getMessage());
    }
    return status;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    transport.close();
  }

  private <T> CompletableFuture<T> async(Work<T> work) {
    CompletableFuture<T> future = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        future.complete(work.run());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        future.completeExceptionally(new FloeClientException("interrupted", e));
      } catch (IOException e) {
        future.completeExceptionally(new UncheckedIOException(e.getMessage(), e));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    });
    return future;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws InterruptedException, IOException;
  }

  /**
   * A blob ID's on-chain status.
   *
   * @param blobId the blob ID
   * @param status the chain's status
   * @param currentEpoch the current epoch (a registration with end epoch at or below it expired)
   */
  public record BlobStatusReport(BlobId blobId, BlobStatus status, int currentEpoch) {}

  /**
   * The system as the chain describes it.
   *
   * @param deployment the deployment (chain, contracts, parameters)
   * @param epoch the epoch clock
   * @param committee the current committee
   * @param prices current prices
   */
  public record SystemInfo(
      dev.floe.controlplane.Deployment deployment, EpochState epoch, CommitteeInfo committee, Prices prices) {}
}
