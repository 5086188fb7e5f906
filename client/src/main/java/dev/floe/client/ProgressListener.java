package dev.floe.client;

/**
 * Receives progress of a long store or read, for progress bars. Called from SDK worker threads,
 * possibly concurrently; implementations must be thread-safe and fast (no I/O that may block long).
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = (phase, done, total) -> {};

  /** What the SDK is doing. */
  enum Phase {
    /** Erasure-coding the blob (done/total in bytes of the blob). */
    ENCODING,
    /** Reserving storage and registering the blob on-chain (0/1, then 1/1). */
    REGISTERING,
    /** Sending metadata and slivers to the nodes (done/total in bytes of slivers). */
    UPLOADING,
    /** Collecting signed confirmations (done/total in shards, total = quorum weight). */
    CONFIRMING,
    /** Certifying on-chain (0/1, then 1/1). */
    CERTIFYING,
    /** Fetching and verifying metadata and primary slivers (done/total in slivers). */
    FETCHING,
    /** Decoding and checking consistency (0/1, then 1/1). */
    DECODING
  }

  /**
   * Reports that {@code done} of {@code total} units of {@code phase} are complete. {@code done} never
   * decreases within one phase; a phase may be reported as complete without intermediate updates.
   * When the epoch changes during a store, the upload is repeated to the new committee and {@link
   * Phase#UPLOADING} and {@link Phase#CONFIRMING} are reported again from 0.
   */
  void onProgress(Phase phase, long done, long total);
}
