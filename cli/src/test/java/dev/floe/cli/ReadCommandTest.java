package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe read} never leaves partial files: a failed read keeps an existing {@code --out} file
 * as it was and leaves no temporary file next to it or in the temporary directory (the stdout path
 * also goes through a temporary file). The successful paths run against a real localnet in the
 * localnet module's CLI tests.
 */
class ReadCommandTest {
  private static final String BLOB = BlobId.of(new byte[32]).toBase64();

  @TempDir Path dir;

  @Test
  void shouldKeepAnExistingOutFileAndLeaveNoTemporaryFileWhenTheReadFails() throws Exception {
    Path target = dir.resolve("out/blob.bin");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "previous content");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));

    Result r = floe(tmp, "read", BLOB, "--out", target.toString(), "--localnet-dir", dir.resolve("none").toString());

    assertThat(r.exitCode()).as(r.output()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(Files.readString(target)).isEqualTo("previous content");
    assertThat(list(target.getParent())).containsExactly(target);
    assertThat(list(tmp)).isEmpty();
  }

  @Test
  void shouldLeaveNoTemporaryFileWhenAReadToStdoutFails() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Result r = floe(tmp, "read", BLOB, "--localnet-dir", dir.resolve("none").toString());
    assertThat(r.exitCode()).as(r.output()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(list(tmp)).isEmpty();
  }

  @Test
  void shouldRefuseAnOutDirectoryAsBadInputBeforeReadingAnything() throws Exception {
    Path out = Files.createDirectories(dir.resolve("a-directory"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Result r = floe(tmp, "read", BLOB, "--out", out.toString(), "--localnet-dir", dir.resolve("none").toString());
    assertThat(r.exitCode()).as(r.output()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
    assertThat(r.output()).contains(out + " is a directory");
    assertThat(list(out)).isEmpty();
  }

  @Test
  void shouldCopyAFileToStdoutByteForByte() throws Exception {
    byte[] data = new byte[3 * 65536 + 17];
    new SplittableRandom(3).nextBytes(data);
    Path file = Files.write(dir.resolve("blob"), data);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertThat(ReadCommand.copyTo(file, sink)).isEqualTo(data.length);
    assertThat(sink.toByteArray()).isEqualTo(data);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result floe(Path tmpDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmpDir);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Floe.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("FLOE_LOCALNET_DIR");
    pb.environment().remove("FLOE_ROOT");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("floe " + String.join(" ", args) + " did not end: " + output);
    }
    return new Result(p.exitValue(), output);
  }
}
