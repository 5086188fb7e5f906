package dev.floe.localnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cli.Floe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the real {@code floe} command line in-process against one localnet directory. */
final class CliRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path localnetDir;

  CliRunner(Path localnetDir) {
    this.localnetDir = localnetDir;
  }

  /** The outcome of one command. */
  record Result(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("not JSON (exit " + exitCode + ", stderr " + err + "): " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /** {@code floe <args> --localnet-dir DIR}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--localnet-dir");
    all.add(localnetDir.toString());
    return runRaw(all.toArray(String[]::new));
  }

  /** {@code floe <args>} as given. */
  Result runRaw(String... args) {
    CommandLine cl = Floe.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Stores {@code file} with the CLI and returns the blob ID (fails the test on any error). */
  String store(Path file, String... options) {
    List<String> args = new ArrayList<>(List.of("store", file.toString(), "--json"));
    args.addAll(List.of(options));
    Result r = run(args.toArray(String[]::new));
    if (r.exitCode() != 0) {
      throw new AssertionError("store failed: " + r);
    }
    JsonNode result = r.json().get(0).path("blobStoreResult");
    String id = result.path("newlyCreated").path("blobObject").path("blobId").asText(
        result.path("alreadyCertified").path("blobId").asText(""));
    if (id.isEmpty()) {
      throw new AssertionError("store printed no blob ID: " + r);
    }
    return id;
  }
}
