package dev.floe.client;

/**
 * Base of the SDK's failures (unchecked). Subclasses say what went wrong and carry the facts a caller
 * needs; messages never contain key material.
 */
public class FloeClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FloeClientException(String message) {
    super(message);
  }

  public FloeClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
