package dev.floe.client.daemon;

import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.core.blob.BlobId;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the publisher/aggregator daemon needs from the SDK: store (from memory or a spooled file),
 * read (into memory or a temporary file), partial read and a status summary. {@link
 * dev.floe.client.FloeClient} implements it; the daemon only adds HTTP.
 */
public interface DaemonBackend {
  /** Stores {@code data}; failures complete exceptionally with SDK exceptions. */
  CompletableFuture<StoreResult> store(byte[] data, StoreOptions options);

  /** Stores the blob in {@code file} (the caller deletes the file once the future completed). */
  CompletableFuture<StoreResult> store(Path file, StoreOptions options);

  /**
   * Reads and verifies the whole blob: in memory when it has at most {@code inMemoryLimit} bytes,
   * else decoded into a new temporary file in {@code spoolDir} ({@link BlobBody.InFile}) that the
   * caller deletes. No file is left behind when the read fails.
   */
  CompletableFuture<BlobBody> read(BlobId blobId, long inMemoryLimit, Path spoolDir);

  /**
   * As {@link #read(BlobId, long, Path)}, calling {@code beforeSpooling} with the blob's length
   * before a file is written in {@code spoolDir}; an exception it throws fails the read (no file is
   * written). The daemon reserves disk space there. The default ignores it: backends that write to
   * {@code spoolDir} override this.
   */
  default CompletableFuture<BlobBody> read(
      BlobId blobId, long inMemoryLimit, Path spoolDir, java.util.function.LongConsumer beforeSpooling) {
    return read(blobId, inMemoryLimit, spoolDir);
  }

  /** Reads bytes [start, start+length) of the blob (clamped to its size), verifying what it fetches. */
  CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length);

  /**
   * As {@link #readRange(BlobId, long, long)}, calling {@code beforeWholeDecode} with the blob's
   * length before the read falls back to decoding the whole blob (when the slivers holding the range
   * cannot be had); an exception it throws fails the read. The daemon bounds whole-blob decodes with
   * it. The default ignores it: backends that may fall back override this.
   */
  default CompletableFuture<byte[]> readRange(
      BlobId blobId, long start, long length, java.util.function.LongConsumer beforeWholeDecode) {
    return readRange(blobId, start, length);
  }

  /**
   * As {@link #readRange(BlobId, long, long, java.util.function.LongConsumer)}, decoding a whole blob
   * that does not fit in memory through a temporary file in {@code spoolDir} (deleted before the
   * future completes), so the daemon's spool disk and its space reservation cover it. The default
   * ignores {@code spoolDir}.
   */
  default CompletableFuture<byte[]> readRange(BlobId blobId, long start, long length, Path spoolDir,
      java.util.function.LongConsumer beforeWholeDecode) {
    return readRange(blobId, start, length, beforeWholeDecode);
  }

  /**
   * The largest blob the network can store (it depends on the shard count); a body larger than this
   * is refused up front (413) instead of being received and then refused. The default has no bound.
   */
  default long maxBlobSize() {
    return Long.MAX_VALUE;
  }

  /** The blob's unencoded size (from its verified metadata or the chain). */
  CompletableFuture<Long> size(BlobId blobId);

  /** A JSON-friendly summary of the daemon's view of the system (epoch, shards, chain). */
  Map<String, Object> status();
}
