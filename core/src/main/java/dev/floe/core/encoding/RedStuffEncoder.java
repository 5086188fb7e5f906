package dev.floe.core.encoding;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The Red Stuff (RS2) encoder, byte-exact with Walrus: a blob becomes n primary and n secondary
 * slivers and the {@link BlobMetadata} (2n Merkle roots) whose hash is the {@link BlobId}.
 *
 * <p>Three ways to use it:
 *
 * <ul>
 *   <li>{@link #encode(byte[])}: everything in memory ({@link EncodedBlob}), for small blobs and
 *       tests;
 *   <li>{@link #encode(BlobSource, SliverSink)}: streaming; slivers go to the sink as they are
 *       ready and the blob may be a file ({@link FileBlobSource}). The heap holds the 2f recovery
 *       rows of the systematic columns (about 2x the blob; the f repair columns, about 0.5x, are
 *       dropped before those are built) plus n x n 32-byte leaf hashes;
 *   <li>{@link #computeMetadata(BlobSource)}: only the metadata and blob ID (e.g. to register a
 *       blob before uploading), holding about 0.5x the blob plus the leaf hashes.
 * </ul>
 *
 * <p>Rows and columns are encoded in independent batches on up to {@link #threads()} threads (the
 * caller's thread plus jobs on the executor, by default the common fork-join pool). Instances are
 * immutable and thread-safe.
 */
public final class RedStuffEncoder {
  private final EncodingConfig config;
  private final Expansion expansion;
  private final int threads;
  private final Executor executor;

  private RedStuffEncoder(EncodingConfig config, int threads, Executor executor) {
    this.config = Objects.requireNonNull(config, "config");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.executor = Objects.requireNonNull(executor, "executor");
    this.expansion = new Expansion(config);
  }

  /** An encoder using all available processors on the common fork-join pool. */
  public RedStuffEncoder(EncodingConfig config) {
    this(config, Runtime.getRuntime().availableProcessors(), ForkJoinPool.commonPool());
  }

  /** A copy that uses at most {@code threads} threads (1 = the caller's thread only). */
  public RedStuffEncoder withThreads(int threads) {
    return new RedStuffEncoder(config, threads, executor);
  }

  /** A copy that runs its extra workers on {@code executor}. */
  public RedStuffEncoder withExecutor(Executor executor) {
    return new RedStuffEncoder(config, threads, executor);
  }

  /** The configuration this encoder encodes for. */
  public EncodingConfig config() {
    return config;
  }

  /** Maximum number of threads one encoding uses. */
  public int threads() {
    return threads;
  }

  /** Encodes an in-memory blob and keeps every sliver. */
  public EncodedBlob encode(byte[] blob) {
    Objects.requireNonNull(blob, "blob");
    CollectingSink sink = new CollectingSink(config.nShards());
    VerifiedBlobMetadata metadata = encode(BlobSource.of(blob), sink);
    return new EncodedBlob(config, metadata, sink.pairs(config));
  }

  /**
   * Encodes {@code source}, handing every sliver to {@code sink} (2n calls, never concurrent) and
   * returning the metadata.
   *
   * @throws dev.floe.core.errors.InvalidSizeException if the blob is too large for the config
   */
  public VerifiedBlobMetadata encode(BlobSource source, SliverSink sink) {
    Objects.requireNonNull(sink, "sink");
    return run(source, sink);
  }

  /** Computes only the metadata and blob ID of {@code source}, keeping no sliver. */
  public VerifiedBlobMetadata computeMetadata(BlobSource source) {
    return run(source, null);
  }

  /** Computes only the metadata and blob ID of an in-memory blob. */
  public VerifiedBlobMetadata computeMetadata(byte[] blob) {
    return computeMetadata(BlobSource.of(blob));
  }

  private VerifiedBlobMetadata run(BlobSource source, SliverSink sink) {
    Objects.requireNonNull(source, "source");
    BlobMetadata metadata = new EncodeRun(expansion, source, sink, executor, threads).run();
    return new BlobMetadataWithId(metadata.computeBlobId(), metadata).verify(config);
  }
}
