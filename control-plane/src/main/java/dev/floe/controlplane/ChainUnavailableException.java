package dev.floe.controlplane;

import java.util.Optional;

/**
 * The chain's RPC endpoint failed or answered nonsense, and retries with backoff did not help.
 *
 * <p>When the failure happened while a signed transaction was being handed to the node, {@link
 * #transactionHash()} names it: the node may have received (and even mined) it, so look it up
 * before sending the same operation again.
 */
public final class ChainUnavailableException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  private final String transactionHash;

  public ChainUnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public ChainUnavailableException(String message) {
    this(message, null, null);
  }

  /** A failure while sending the signed transaction {@code transactionHash} (may be null). */
  public ChainUnavailableException(String message, Throwable cause, String transactionHash) {
    super(message, cause);
    this.transactionHash = transactionHash;
  }

  /** The transaction that may or may not have reached the node, if the failure happened while sending one. */
  public Optional<String> transactionHash() {
    return Optional.ofNullable(transactionHash);
  }
}
