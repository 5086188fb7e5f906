package dev.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real {@code floe} command line in-process and captures what it printed. */
final class CliRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CliRun() {}

  /**
   * One run's exit code and output.
   *
   * @param exitCode the exit code
   * @param out what went to stdout
   * @param err what went to stderr
   */
  record Result(int exitCode, String out, String err) {
    /** Stdout as JSON (fails the test if it is not). */
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + this, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /** {@code floe args}. */
  static Result run(String... args) {
    var cl = Floe.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
