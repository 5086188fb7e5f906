package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How client commands find the localnet when given neither {@code --localnet-dir} nor {@code
 * --deployment} (README "Command line"): {@code $FLOE_LOCALNET_DIR}, else {@code .floe-localnet} under
 * the repository root. Runs {@code floe} in a child JVM so that the environment is real; with no
 * localnet there, the command must fail with exit code 6 and name the directory it looked in.
 */
class LocalnetDiscoveryTest {
  private static final String BLOB = BlobId.of(new byte[32]).toBase64();

  @TempDir Path dir;

  @Test
  void shouldLookInTheDirectoryNamedByFloeLocalnetDir() throws Exception {
    Path envDir = dir.resolve("from-env");
    Result r = floe(Map.of("FLOE_LOCALNET_DIR", envDir.toString()), List.of(), "read", BLOB);
    assertThat(r.exitCode()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(r.stderr()).contains("no localnet found in " + envDir.toAbsolutePath());
  }

  @Test
  void shouldFallBackToDotFloeLocalnetUnderTheRepositoryRoot() throws Exception {
    Result r = floe(Map.of(), List.of("-Dfloe.root=" + dir), "blob-status", BLOB);
    assertThat(r.exitCode()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(r.stderr()).contains("no localnet found in " + dir.toAbsolutePath().resolve(".floe-localnet"));
  }

  @Test
  void shouldPreferAnExplicitLocalnetDirOverTheEnvironment() throws Exception {
    Path explicit = dir.resolve("explicit");
    Result r = floe(Map.of("FLOE_LOCALNET_DIR", dir.resolve("from-env").toString()), List.of(),
        "read", BLOB, "--localnet-dir", explicit.toString());
    assertThat(r.exitCode()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(r.stderr()).contains("no localnet found in " + explicit.toAbsolutePath());
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result floe(Map<String, String> env, List<String> jvmArgs, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Floe.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("FLOE_LOCALNET_DIR");
    pb.environment().remove("FLOE_ROOT");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("floe " + String.join(" ", args) + " did not end");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
