package dev.floe.controlplane;

/**
 * A key could not be loaded: missing or malformed keystore file, wrong password, or no password
 * given. The message never contains the password or key material.
 */
public final class KeyLoadingException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  public KeyLoadingException(String message) {
    super(message);
  }

  public KeyLoadingException(String message, Throwable cause) {
    super(message, cause);
  }
}
