package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read's temporary file does not outlive a JVM stopped by a signal (Ctrl-C or SIGTERM on {@code
 * floe read}): a real child JVM tracks a file as {@link BlobReader#readTo} does and is terminated.
 */
class PartFilesTest {
  @TempDir Path dir;

  @Test
  void shouldDeleteTrackedFilesWhenTheJvmIsTerminatedButNotReleasedOnes() throws Exception {
    Path tracked = dir.resolve(".blob.bin.x1.part");
    Path released = dir.resolve(".blob.bin.x2.part");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        HoldingMain.class.getName(), tracked.toString(), released.toString())
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("holding");
      assertThat(tracked).exists();
      child.destroy(); // SIGTERM: shutdown hooks run, finally blocks of running threads do not
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(tracked).as("deleted by the shutdown hook").doesNotExist();
      assertThat(released).as("a released file is the caller's (e.g. moved into place)").exists();
    } finally {
      child.destroyForcibly();
    }
  }

  /** The child: tracks one file and releases another, as a read in progress and a finished one, then waits. */
  public static final class HoldingMain {
    public static void main(String[] args) throws Exception {
      List<Path> files = List.of(Path.of(args[0]), Path.of(args[1]));
      for (Path f : files) {
        Files.writeString(f, "partial blob");
        PartFiles.track(f);
      }
      PartFiles.release(files.get(1));
      System.out.println("holding");
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
