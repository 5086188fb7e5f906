package dev.floe.core.encoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Walrus's own encoder ({@code @mysten/walrus-wasm}, walrus-core compiled to WebAssembly) through
 * {@code core/src/test/node/walrus-oracle.js}. Commands and results travel as JSON files in a
 * temporary directory. Missing Node.js or a missing package fail the test with a message saying
 * what to install; they never skip it.
 */
final class WalrusOracle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path script;
  private final String node;

  WalrusOracle() {
    String configured = System.getProperty("floe.root", System.getenv("FLOE_ROOT"));
    if (configured == null || configured.isBlank()) {
      throw new AssertionError("system property floe.root (or env FLOE_ROOT) must name the repository root");
    }
    root = Path.of(configured);
    script = root.resolve("core/src/test/node/walrus-oracle.js");
    if (!Files.isRegularFile(script)) {
      throw new AssertionError("oracle script missing: " + script);
    }
    Path pkg = root.resolve("node_modules/@mysten/walrus-wasm/nodejs/walrus_wasm.js");
    if (!Files.isRegularFile(pkg)) {
      throw new AssertionError(
          "@mysten/walrus-wasm is not installed at " + pkg + "; run tools/npm-ensure.sh (the Maven build does)");
    }
    node = findNode();
  }

  private static String findNode() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "node");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new AssertionError("Node.js ('node') is not on the PATH; the Walrus differential tests need Node 20+");
  }

  /** Runs the commands in one Node process and returns one result per command. */
  List<JsonNode> run(Path dir, List<Map<String, Object>> commands) throws IOException, InterruptedException {
    Path in = Files.createTempFile(dir, "oracle-commands", ".json");
    Path out = Files.createTempFile(dir, "oracle-results", ".json");
    Files.writeString(in, JSON.writeValueAsString(commands), StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(node, script.toString(), in.toString(), out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("oracle.log").toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("walrus oracle timed out");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "walrus oracle failed with status " + p.exitValue() + ":\n" + Files.readString(dir.resolve("oracle.log")));
    }
    JsonNode results = JSON.readTree(out.toFile());
    List<JsonNode> list = new ArrayList<>();
    results.forEach(list::add);
    if (list.size() != commands.size()) {
      throw new AssertionError("oracle returned " + list.size() + " results for " + commands.size() + " commands");
    }
    return list;
  }
}
