package dev.floe.controlplane;

/** The chain's RPC endpoint failed or answered nonsense, and retries with backoff did not help. */
public final class ChainUnavailableException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public ChainUnavailableException(String message) {
    super(message);
  }
}
