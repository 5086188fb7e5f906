package dev.floe.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Waits for the control-plane calls of the staking and operator commands, turning their failures
 * into {@link CliException}s with the exit codes scripts rely on ({@link ClientErrors}).
 */
final class ChainCalls {
  private ChainCalls() {}

  /** The result of {@code call}, or its failure as a {@link CliException}. */
  static <T> T await(CompletableFuture<T> call) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(Floe.ExitCodes.FAILURE, "interrupted", e);
    } catch (ExecutionException e) {
      throw ClientErrors.toCli(e.getCause() == null ? e : e.getCause());
    }
  }

  /** Runs {@code work} (connecting, reading files), mapping a failure to a {@link CliException}. */
  static <T> T run(Supplier<T> work) {
    try {
      return work.get();
    } catch (CliException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ClientErrors.toCli(e);
    }
  }
}
