package dev.floe.cli;

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
    return ClientErrors.toCli(e).exitCode();
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
