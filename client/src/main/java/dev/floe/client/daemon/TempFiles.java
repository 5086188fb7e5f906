package dev.floe.client.daemon;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daemon's temporary files that only its event loops would delete: bodies being received and
 * decoded blobs waiting to be sent. When the daemon stops, its event loops no longer run the
 * handlers that delete them, so {@link #deleteAll()} does, and a file added after that is refused
 * (its owner deletes it at once). Thread-safe.
 */
final class TempFiles {
  private final Set<Path> live = new HashSet<>();
  private boolean closed;

  /** Tracks {@code file}; false once the daemon stopped (the caller must delete it itself). */
  synchronized boolean add(Path file) {
    if (closed) {
      return false;
    }
    live.add(file);
    return true;
  }

  /** Stops tracking {@code file} (it was deleted, or handed over to work that deletes it). */
  synchronized void remove(Path file) {
    live.remove(file);
  }

  /** How many files are tracked. */
  synchronized int size() {
    return live.size();
  }

  /** Deletes every tracked file and refuses later ones; returns how many were deleted. */
  int deleteAll() {
    List<Path> left;
    synchronized (this) {
      closed = true;
      left = List.copyOf(live);
      live.clear();
    }
    left.forEach(BlobSender::deleteNow);
    return left.size();
  }
}
