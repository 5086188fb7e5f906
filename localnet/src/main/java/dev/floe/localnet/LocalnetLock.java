package dev.floe.localnet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An exclusive lock on one localnet directory, held while a command changes which nodes the
 * localnet has (add-node): an OS file lock on {@link LocalnetLayout#lockFile()} excludes other
 * processes, a lock per directory excludes other threads of this JVM (file locks are per process).
 * Waits for the holder; close to release.
 */
final class LocalnetLock implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

  private final ReentrantLock jvmLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private LocalnetLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
    this.jvmLock = jvmLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Takes the lock of {@code layout}'s directory, waiting (and saying so) while another holds it. */
  static LocalnetLock acquire(LocalnetLayout layout, Consumer<String> log) {
    Path file = layout.lockFile().toAbsolutePath().normalize();
    ReentrantLock jvmLock = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
    if (!jvmLock.tryLock()) {
      log.accept("waiting for another command changing the localnet in " + layout.dir() + " to finish");
      jvmLock.lock();
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.tryLock();
      if (fileLock == null) {
        log.accept("waiting for another command changing the localnet in " + layout.dir() + " to finish");
        fileLock = channel.lock();
      }
      return new LocalnetLock(jvmLock, channel, fileLock);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      jvmLock.unlock();
      throw new LocalnetException("cannot lock the localnet in " + layout.dir() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      fileLock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    } finally {
      closeQuietly(channel);
      jvmLock.unlock();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
