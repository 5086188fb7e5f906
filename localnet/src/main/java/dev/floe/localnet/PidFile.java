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
 * PID files of localnet processes, and stopping a process found through one. A PID file holds the
 * process ID and the process's start time; a process counts as ours only if both match (or, when the
 * start time is unknown, if its command line contains a marker such as the localnet directory), so
 * a PID reused by an unrelated process after a reboot is never signalled.
 */
public final class PidFile {
  private PidFile() {}

  /** Writes the process's ID and start time to {@code file} (atomically, replacing it). */
  public static void write(Path file, ProcessHandle process) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    String start = process.info().startInstant().map(i -> " " + i.toEpochMilli()).orElse("");
    Files.writeString(tmp, process.pid() + start + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The PID in {@code file}, if the file exists and holds one. */
  public static Optional<Long> read(Path file) {
    return entry(file).map(e -> e[0]);
  }

  /** [pid, start millis or -1] from {@code file}. */
  private static Optional<long[]> entry(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+");
      if (parts.length == 0 || parts[0].isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new long[] {Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : -1});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PID file " + file, e);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The live process of {@code file} if it is the one that was recorded (same start time, or a
   * command line containing {@code marker} when no start time was recorded); empty if there is none
   * (no file, process gone, or the PID now belongs to an unrelated process).
   */
  public static Optional<ProcessHandle> live(Path file, String marker) {
    Optional<long[]> entry = entry(file);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    long recordedStart = entry.get()[1];
    return ProcessHandle.of(entry.get()[0])
        .filter(ProcessHandle::isAlive)
        .filter(h -> recordedStart >= 0
            ? h.info().startInstant().map(i -> i.toEpochMilli() == recordedStart).orElse(false)
            : commandLine(h).map(c -> c.contains(marker)).orElse(false));
  }

  /** The full command line: {@code /proc/<pid>/cmdline} where it exists (ProcessHandle may omit it). */
  static Optional<String> commandLine(ProcessHandle h) {
    Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        return Optional.of(new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' '));
      }
    } catch (IOException e) {
      // gone or not ours to read: fall back
    }
    return h.info().commandLine();
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
