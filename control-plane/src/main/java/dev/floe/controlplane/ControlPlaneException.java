package dev.floe.controlplane;

/**
 * Base of every failure the control plane reports. Unchecked; delivered through the failed
 * {@link java.util.concurrent.CompletableFuture}s of {@link ControlPlane} (wrapped in a {@link
 * java.util.concurrent.CompletionException} when joined).
 */
public class ControlPlaneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ControlPlaneException(String message) {
    super(message);
  }

  public ControlPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
