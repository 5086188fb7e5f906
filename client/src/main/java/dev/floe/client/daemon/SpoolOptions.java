package dev.floe.client.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and from which size the daemon keeps blobs on disk instead of in memory: {@code PUT} bodies
 * larger than {@code thresholdBytes} are spooled to a temporary file in {@code dir} and stored from
 * there; whole-blob {@code GET}s of larger blobs are decoded into a temporary file there and sent
 * from it. Temporary files are deleted when their request is done (also when it fails or the client
 * hangs up). Give each running daemon a directory that nothing else cleans up while it runs. Before
 * a file is written its size is reserved against the directory's free space, keeping {@code
 * minFreeBytes} free; a request that does not fit gets {@code 507 Insufficient Storage}.
 *
 * @param dir the spool directory (created when the daemon starts)
 * @param thresholdBytes blobs up to this size stay in memory; in [0, 2 GiB - 16]
 * @param minFreeBytes free space the spool files must leave on the directory's file system; not negative
 */
public record SpoolOptions(Path dir, long thresholdBytes, long minFreeBytes) {
  /** Default threshold: 8 MiB. */
  public static final long DEFAULT_THRESHOLD_BYTES = 8L << 20;
  /** The largest threshold: a body under it is held in one byte array. */
  public static final long MAX_THRESHOLD_BYTES = Integer.MAX_VALUE - 16;
  /** Default free space kept on the spool's file system: 64 MiB. */
  public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;

  public SpoolOptions {
    Objects.requireNonNull(dir, "spool dir");
    if (thresholdBytes < 0 || thresholdBytes > MAX_THRESHOLD_BYTES) {
      throw new IllegalArgumentException(
          "the spool threshold must be in [0, " + MAX_THRESHOLD_BYTES + "] bytes, got " + thresholdBytes);
    }
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("the spool's free space to keep must not be negative, got " + minFreeBytes);
    }
  }

  /** Spool options keeping the default free space ({@link #DEFAULT_MIN_FREE_BYTES}). */
  public SpoolOptions(Path dir, long thresholdBytes) {
    this(dir, thresholdBytes, DEFAULT_MIN_FREE_BYTES);
  }

  /** The defaults: {@code floe-daemon-spool} in the system's temporary directory, 8 MiB, 64 MiB kept free. */
  public static SpoolOptions defaults() {
    return new SpoolOptions(Path.of(System.getProperty("java.io.tmpdir"), "floe-daemon-spool"), DEFAULT_THRESHOLD_BYTES);
  }
}
