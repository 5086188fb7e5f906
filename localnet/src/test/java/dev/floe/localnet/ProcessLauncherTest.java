package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {
  @TempDir Path dir;

  @Test
  void shouldBuildTheFloeCommandLineWithAnAbsoluteClassPath() {
    ProcessLauncher launcher = new ProcessLauncher("/jdk/bin/java", List.of("--add-modules", "jdk.incubator.vector"),
        ProcessLauncher.absoluteClassPath("a.jar" + File.pathSeparator + "lib/b.jar"), ProcessLauncher.FLOE_MAIN);
    List<String> cmd = launcher.command(List.of("-Xmx1g"), List.of("node", "run", "--config", "x.yaml"));
    assertThat(cmd).startsWith("/jdk/bin/java", "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp");
    assertThat(cmd).endsWith(ProcessLauncher.FLOE_MAIN, "node", "run", "--config", "x.yaml");
    for (String entry : cmd.get(5).split(File.pathSeparator)) {
      assertThat(Path.of(entry).isAbsolute()).as(entry).isTrue();
    }
  }

  @Test
  void shouldRunAChildWithItsOwnLogAndPidFile() throws Exception {
    // the test JVM's own class path holds dev.floe.cli.Floe (the CLI sources are test sources here)
    ProcessLauncher launcher = ProcessLauncher.ofCurrentJvm();
    Path log = dir.resolve("logs/child.log");
    Path pid = dir.resolve("child.pid");
    Process p = launcher.start(List.of("-Xmx64m"), List.of("--version"), dir, log, pid, Map.of());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(PidFile.read(pid)).contains(p.pid());
    assertThat(Files.readString(log)).contains("floe 0.1.0");
  }
}
