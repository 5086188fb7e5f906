package dev.floe.core.rs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector engine at every width {@code -Dfloe.rs.vectorBits} can force, each in a child JVM
 * (the width is fixed when the engine class loads). 512 bits run emulated on a CPU without
 * AVX-512, so that width gets only the smaller golden vectors.
 */
class VectorWidthTest {

  @ParameterizedTest(name = "{0} bits")
  @CsvSource({"128, 1000000", "256, 1000000", "512, 40000"})
  void vectorEngineOfEveryWidthReproducesTheGoldenVectors(int bits, int maxBytes)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-Dfloe.rs.vectorBits=" + bits,
                    "-cp",
                    System.getProperty("java.class.path"),
                    VectorWidthCheck.class.getName(),
                    Integer.toString(bits),
                    Integer.toString(maxBytes)))
            .redirectErrorStream(true);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    assertThat(text).contains("on vector" + bits + ", 0 failures");
  }
}
