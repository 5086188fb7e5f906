package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
  @TempDir Path dir;

  @Test
  void shouldStopTheRecordedProcessAndNeverOneThatReusedItsPid() throws Exception {
    Process ours = new ProcessBuilder("sleep", "300").start();
    Process other = new ProcessBuilder("sleep", "301").start();
    try {
      Path ourPid = dir.resolve("ours.pid");
      PidFile.write(ourPid, ours.toHandle());
      assertThat(PidFile.read(ourPid)).contains(ours.pid());
      assertThat(PidFile.live(ourPid, "unused")).isPresent();

      // a PID file naming a live process that started at another time (a reused PID)
      Path reused = dir.resolve("reused.pid");
      long otherStart = other.toHandle().info().startInstant().orElseThrow().toEpochMilli();
      Files.writeString(reused, other.pid() + " " + (otherStart - 60_000) + "\n");
      assertThat(PidFile.live(reused, "unused")).isEmpty();
      assertThat(PidFile.stop(reused, "unused", Duration.ofSeconds(5))).isFalse();
      assertThat(other.isAlive()).isTrue();

      assertThat(PidFile.stop(ourPid, "unused", Duration.ofSeconds(5))).isTrue();
      assertThat(ours.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(ourPid)).isFalse();
      assertThat(PidFile.stop(ourPid, "unused", Duration.ofSeconds(5))).as("already gone").isFalse();
    } finally {
      ours.destroyForcibly();
      other.destroyForcibly();
    }
  }

  @Test
  void shouldFallBackToTheCommandLineMarkerWithoutAStartTime() throws Exception {
    Path marker = dir.resolve("marker-dir");
    Process ours = new ProcessBuilder("sh", "-c", "sleep 302; true", marker.toString()).start();
    try {
      Path pid = dir.resolve("legacy.pid");
      Files.writeString(pid, ours.pid() + "\n");
      // the child's command line shows the spawn helper until it has exec'd sleep
      dev.floe.testkit.Await.until("sleep started", Duration.ofSeconds(10),
          () -> PidFile.live(pid, marker.toString()).isPresent());
      assertThat(PidFile.live(pid, dir.resolve("elsewhere").toString())).isEmpty();
    } finally {
      ours.destroyForcibly();
    }
  }

  @Test
  void shouldIgnoreMissingAndGarbledFiles() throws Exception {
    assertThat(PidFile.read(dir.resolve("missing.pid"))).isEmpty();
    Path garbled = dir.resolve("garbled.pid");
    Files.writeString(garbled, "not a pid\n");
    assertThat(PidFile.read(garbled)).isEmpty();
    assertThat(PidFile.live(garbled, "x")).isEmpty();
  }
}
