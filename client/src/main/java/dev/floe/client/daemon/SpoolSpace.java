package dev.floe.client.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The disk space of one daemon's spool directory: before a body or a blob is written there, its
 * size is reserved, and the reservation is refused unless the file system's usable space, less what
 * the other reservations may still write, less the free space to keep ({@link
 * SpoolOptions#minFreeBytes()}), covers it. So concurrent large uploads and downloads cannot fill the
 * disk together. A reservation is released once its file is deleted. Reserved bytes already written
 * are counted twice (in the reservation and in the used space), so the check errs on the safe side
 * while large transfers run. Thread-safe.
 */
final class SpoolSpace {
  /** The spool directory has too little free space for a body or blob; the daemon answers 507. */
  static final class InsufficientSpaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InsufficientSpaceException(String message) {
      super(message);
    }
  }

  private final SpoolOptions options;
  private long reserved;

  SpoolSpace(SpoolOptions options) {
    this.options = options;
  }

  /**
   * Reserves {@code bytes} for a file in the spool directory.
   *
   * @throws InsufficientSpaceException if the space is not there (or cannot be determined)
   */
  Reservation reserve(long bytes) {
    Reservation r = new Reservation();
    r.grow(bytes);
    return r;
  }

  /** Bytes reserved now (for tests and status). */
  synchronized long reserved() {
    return reserved;
  }

  private synchronized void take(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot reserve a negative size " + bytes);
    }
    long usable;
    try {
      usable = Files.getFileStore(options.dir()).getUsableSpace();
    } catch (IOException e) {
      throw new InsufficientSpaceException("the free space of the spool directory " + options.dir()
          + " cannot be determined: " + e.getMessage());
    }
    long left = usable - reserved - options.minFreeBytes();
    if (bytes > left) {
      throw new InsufficientSpaceException("the daemon's spool directory has room for " + Math.max(0, left)
          + " more bytes (usable " + usable + ", reserved by running requests " + reserved + ", kept free "
          + options.minFreeBytes() + "), " + bytes + " are needed; retry later");
    }
    reserved += bytes;
  }

  private synchronized void give(long bytes) {
    reserved -= bytes;
  }

  /** Space reserved for one file; {@link #release()} once the file is deleted (idempotent). */
  final class Reservation {
    private long bytes;
    private boolean released;

    private Reservation() {}

    /** Reserves {@code more} bytes on top (a body of unknown length that keeps growing). */
    synchronized void grow(long more) {
      if (released) {
        throw new IllegalStateException("the reservation was released");
      }
      take(more);
      bytes += more;
    }

    /** The bytes this reservation holds. */
    synchronized long bytes() {
      return bytes;
    }

    /** Gives the space back. */
    synchronized void release() {
      if (!released) {
        released = true;
        give(bytes);
        bytes = 0;
      }
    }
  }
}
