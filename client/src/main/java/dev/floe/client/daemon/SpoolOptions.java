package dev.floe.client.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and from which size the daemon keeps blobs on disk instead of in memory: {@code PUT} bodies
 * larger than {@code thresholdBytes} are spooled to a temporary file in {@code dir} and stored from
 * there; whole-blob {@code GET}s of larger blobs are decoded into a temporary file there and sent
 * from it. Temporary files are deleted when their request is done (also when it fails or the client
 * hangs up). Give each running daemon a directory that nothing else cleans up while it runs.
 *
 * @param dir the spool directory (created when the daemon starts)
 * @param thresholdBytes blobs up to this size stay in memory; in [0, 2 GiB - 16]
 */
public record SpoolOptions(Path dir, long thresholdBytes) {
  /** Default threshold: 8 MiB. */
  public static final long DEFAULT_THRESHOLD_BYTES = 8L << 20;
  /** The largest threshold: a body under it is held in one byte array. */
  public static final long MAX_THRESHOLD_BYTES = Integer.MAX_VALUE - 16;

  public SpoolOptions {
    Objects.requireNonNull(dir, "spool dir");
    if (thresholdBytes < 0 || thresholdBytes > MAX_THRESHOLD_BYTES) {
      throw new IllegalArgumentException(
          "the spool threshold must be in [0, " + MAX_THRESHOLD_BYTES + "] bytes, got " + thresholdBytes);
    }
  }

  /** The defaults: {@code floe-daemon-spool} in the system's temporary directory, 8 MiB. */
  public static SpoolOptions defaults() {
    return new SpoolOptions(Path.of(System.getProperty("java.io.tmpdir"), "floe-daemon-spool"), DEFAULT_THRESHOLD_BYTES);
  }
}
