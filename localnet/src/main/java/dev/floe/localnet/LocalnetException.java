package dev.floe.localnet;

/** A localnet could not be started, found or controlled; the message says what to do. */
public final class LocalnetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalnetException(String message) {
    super(message);
  }

  public LocalnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
