package dev.floe.localnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PID files of localnet processes, and stopping a process found through one. Before a signal is sent,
 * the process's command line must contain a marker (the localnet state directory), so a PID reused
 * by an unrelated process after a reboot is never killed.
 */
public final class PidFile {
  private PidFile() {}

  /** Writes {@code pid} to {@code file} (atomically, replacing any previous content). */
  public static void write(Path file, long pid) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(pid) + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The PID in {@code file}, if the file exists and holds a number. */
  public static Optional<Long> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PID file " + file, e);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The live process of {@code file} whose command line contains {@code marker}; empty if there is
   * none (no file, process gone, or the PID now belongs to an unrelated process).
   */
  public static Optional<ProcessHandle> live(Path file, String marker) {
    return read(file)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false));
  }

  /**
   * Stops the process of {@code file} (SIGTERM, then SIGKILL after {@code grace}) if it is live and
   * ours, then deletes the file. Returns true if a process was stopped.
   */
  public static boolean stop(Path file, String marker, Duration grace) {
    Optional<ProcessHandle> handle = live(file, marker);
    handle.ifPresent(h -> stop(h, grace));
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete PID file " + file, e);
    }
    return handle.isPresent();
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL; waits for the process to be gone. */
  public static void stop(ProcessHandle handle, Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the kernel reaps it; nothing more to do
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    } catch (java.util.concurrent.ExecutionException e) {
      // onExit never completes exceptionally
    }
  }
}
