package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory tests' child JVMs: runs a main class of this test classpath under a heap limit (an
 * {@link OutOfMemoryError} fails the child, and so the test), and samples the heap in use inside it.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code mainClass} with {@code args} under {@code -Xmx<xmxMiB>m}, asserts that it finished
   * within ten minutes with status 0, and returns the line it printed that starts with {@code "OK "}.
   */
  static String run(Class<?> mainClass, int xmxMiB, Path log, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + xmxMiB + "m",
        "--add-modules",
        "jdk.incubator.vector",
        "-cp",
        System.getProperty("java.class.path"),
        mainClass.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(done).as("child finished; output:\n" + output).isTrue();
    assertThat(p.exitValue()).as("child exit status; output:\n" + output).isZero();
    return output.lines().filter(l -> l.startsWith("OK ")).findFirst().orElseThrow(() -> new AssertionError(output));
  }

  /** Samples the used heap every 5 ms on a daemon thread until {@link #stop()}. */
  static final class HeapPeak {
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;

    HeapPeak() {
      sampler = new Thread(() -> {
        var memory = ManagementFactory.getMemoryMXBean();
        while (!Thread.currentThread().isInterrupted()) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.setDaemon(true);
      sampler.start();
    }

    /** Stops sampling; the peak in MiB. */
    long stop() throws InterruptedException {
      sampler.interrupt();
      sampler.join();
      return peak.get() >> 20;
    }
  }
}
