package dev.floe.core.errors;

/**
 * Base of every error raised when bytes or values handed to {@code core} are malformed, inconsistent
 * or insufficient. Decoders of untrusted input (network, disk) throw only this family, so callers can
 * map one type to a "bad input" answer without ever catching a runtime bug by accident.
 */
public class InvalidDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message) {
    super(message);
  }

  public InvalidDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
