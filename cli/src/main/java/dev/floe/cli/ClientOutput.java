package dev.floe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** Prints command results as text lines or as pretty JSON ({@code --json}) on the command's stdout. */
final class ClientOutput {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final boolean json;

  ClientOutput(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints {@code node} as JSON (in JSON mode). */
  void printJson(JsonNode node) {
    try {
      out.println(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
    out.flush();
  }

  /** Prints a text line (in text mode). */
  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Prints "label: value" aligned (in text mode). */
  void field(String label, Object value) {
    out.printf("%-26s %s%n", label + ":", value);
    out.flush();
  }
}
