package dev.floe.cli;

import dev.floe.client.BlobInvalidException;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.InsufficientConfirmationsException;
import dev.floe.client.nodes.NodeRequestException;
import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.InvalidDeploymentException;
import dev.floe.controlplane.KeyLoadingException;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.TransactionTimeoutException;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.localnet.LocalnetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps SDK, chain and localnet failures to the CLI's scriptable exit codes. */
final class ClientErrors {
  private ClientErrors() {}

  /** The failure as a {@link CliException} with the right exit code and a one-line message. */
  static CliException toCli(Throwable failure) {
    Throwable t = unwrap(failure);
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int code = codeOf(t);
    // a wrapper (e.g. the node's ChainException) says nothing by itself: its cause decides
    for (Throwable c = t.getCause(); code == Floe.ExitCodes.FAILURE && c != null && c != c.getCause(); c = c.getCause()) {
      code = codeOf(c);
    }
    if (t instanceof CliException c) {
      return c;
    }
    return new CliException(code, message, t);
  }

  private static int codeOf(Throwable t) {
    return switch (t) {
      case CliException c -> c.exitCode();
      case BlobNotAvailableException e -> Floe.ExitCodes.NOT_AVAILABLE;
      case BlobInvalidException e -> Floe.ExitCodes.INVALID_BLOB;
      case InsufficientConfirmationsException e -> Floe.ExitCodes.UNREACHABLE;
      case NodeRequestException e -> Floe.ExitCodes.UNREACHABLE;
      case ChainUnavailableException e -> Floe.ExitCodes.UNREACHABLE;
      case TransactionTimeoutException e -> Floe.ExitCodes.UNREACHABLE;
      case LocalnetException e -> Floe.ExitCodes.UNREACHABLE;
      case InvalidDeploymentException e -> Floe.ExitCodes.BAD_INPUT;
      case KeyLoadingException e -> Floe.ExitCodes.BAD_INPUT;
      case RevertedException e -> Floe.ExitCodes.REFUSED;
      case ControlPlaneException e -> Floe.ExitCodes.FAILURE;
      case InconsistentEncodingException e -> Floe.ExitCodes.INVALID_BLOB;
      case InvalidDataException e -> Floe.ExitCodes.BAD_INPUT;
      case IllegalArgumentException e -> Floe.ExitCodes.BAD_INPUT;
      case IOException e -> Floe.ExitCodes.BAD_INPUT;
      case UncheckedIOException e -> Floe.ExitCodes.BAD_INPUT;
      default -> Floe.ExitCodes.FAILURE;
    };
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
