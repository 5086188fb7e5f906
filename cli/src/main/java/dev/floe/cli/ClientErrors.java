package dev.floe.cli;

import dev.floe.client.BlobInvalidException;
import dev.floe.client.BlobNotAvailableException;
import dev.floe.client.InsufficientConfirmationsException;
import dev.floe.client.nodes.NodeRequestException;
import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.InvalidDeploymentException;
import dev.floe.controlplane.KeyLoadingException;
import dev.floe.controlplane.NotFoundException;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.TransactionTimeoutException;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.localnet.LocalnetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps SDK, chain and localnet failures to the CLI's scriptable exit codes. The chain's refusals exit
 * 7, except an unknown stake or storage object or an unregistered node (8) and a withdrawal that is
 * not effective yet (9).
 */
final class ClientErrors {
  /** Contract errors that mean the node named is not registered (the chain's other refusals exit 7). */
  private static final Set<String> NOT_FOUND_ERRORS = Set.of("NodeNotRegistered");
  /** Contract errors that mean the action becomes possible in a later epoch. */
  private static final Set<String> NOT_YET_ERRORS = Set.of("WithdrawalNotYetEffective");

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
    if (t instanceof RevertedException r) {
      message = explainRevert(r).orElse(message);
    }
    if (t instanceof ChainUnavailableException) {
      message = withChainHint(message);
    }
    return new CliException(code, message, t);
  }

  /**
   * Reverts whose raw form ({@code InsufficientBalance(0x.., 0, 10000000000)}) says little to a user:
   * the token error of a wallet without the tokens a transaction moves, in tokens and with the wallet.
   */
  static java.util.Optional<String> explainRevert(RevertedException r) {
    if ("InsufficientBalance".equals(r.errorName()) && r.arguments().size() == 3) {
      try {
        TokenAmount held = new TokenAmount(new java.math.BigInteger(r.arguments().get(1)));
        TokenAmount needed = new TokenAmount(new java.math.BigInteger(r.arguments().get(2)));
        return java.util.Optional.of("the wallet " + r.arguments().get(0) + " holds " + held + ", not enough:"
            + " this transaction needs " + needed + " (fund the wallet, or pay with another one)");
      } catch (RuntimeException e) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.empty();
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
      case NotFoundException e -> Floe.ExitCodes.NOT_FOUND;
      case RevertedException e when NOT_FOUND_ERRORS.contains(e.errorName()) -> Floe.ExitCodes.NOT_FOUND;
      case RevertedException e when NOT_YET_ERRORS.contains(e.errorName()) -> Floe.ExitCodes.NOT_YET;
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

  /**
   * A service's failure to listen on {@code host:port} as one line: an address already in use (a
   * {@link java.net.BindException}, or the native transport's error saying so) is bad input, exit 3,
   * with what to do ({@code howToMove}: how to pick another address); anything else keeps {@link
   * #toCli}'s exit code.
   */
  static CliException listenFailure(Throwable failure, String host, int port, String howToMove) {
    if (isAddressInUse(failure)) {
      return new CliException(Floe.ExitCodes.BAD_INPUT, "cannot listen on " + host + ":" + port
          + ": the address is already in use (another process listens there; stop it, or " + howToMove + ")", failure);
    }
    CliException other = toCli(failure);
    return new CliException(other.exitCode(), "cannot listen on " + host + ":" + port + ": " + other.getMessage(),
        other.getCause());
  }

  /**
   * An unreachable-chain message with what to check when it names a chain on this machine, where a
   * stopped localnet is the likely cause; other messages as they are.
   */
  static String withChainHint(String message) {
    if (message != null && (message.contains("://127.0.0.1") || message.contains("://localhost"))) {
      return message + " (is the chain running? for the localnet: './floe localnet status', './floe localnet up')";
    }
    return message;
  }

  /** Whether {@code failure} or one of its causes says that the address to listen on is taken. */
  static boolean isAddressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
