package dev.floe.cli;

import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into one line on stderr and a stable exit code; stack traces only
 * with {@code FLOE_DEBUG=1}. Messages never contain secrets: commands never put key material into
 * exception messages.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    if ("1".equals(System.getenv("FLOE_DEBUG"))) {
      e.printStackTrace(cl.getErr());
    }
    cl.getErr().println("error: " + describe(e));
    return exitCode(e);
  }

  static int exitCode(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof CliException c) {
      return c.exitCode();
    }
    if (t instanceof InconsistentEncodingException) {
      return Floe.ExitCodes.INVALID_BLOB;
    }
    if (t instanceof InvalidDataException) {
      return Floe.ExitCodes.BAD_INPUT;
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return Floe.ExitCodes.BAD_INPUT;
    }
    return Floe.ExitCodes.FAILURE;
  }

  static String describe(Throwable e) {
    Throwable t = unwrap(e);
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
