package dev.floe.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The temporary files of reads in progress ({@link BlobReader#readTo}'s {@code .part} files), deleted
 * by a shutdown hook if the JVM stops while they are written (Ctrl-C or SIGTERM on {@code floe
 * read}), which no {@code finally} block survives. A read removes its file from here once it moved
 * or deleted it. Thread-safe.
 */
final class PartFiles {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  private PartFiles() {}

  /** Deletes {@code file} at JVM shutdown unless {@link #release} was called for it before. */
  static void track(Path file) {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("floe-part-files").unstarted(PartFiles::deleteAll));
    }
    LIVE.add(file);
  }

  /** Forgets {@code file} (moved into place or deleted). */
  static void release(Path file) {
    LIVE.remove(file);
  }

  /** The files tracked now. */
  static Set<Path> live() {
    return Set.copyOf(LIVE);
  }

  private static void deleteAll() {
    for (Path file : LIVE) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // shutting down: nothing left to tell
      }
    }
  }
}
