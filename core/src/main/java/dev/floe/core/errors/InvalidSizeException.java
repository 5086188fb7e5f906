package dev.floe.core.errors;

/** Thrown for a length, size, count or index that is out of range or does not match what the configuration requires. */
public class InvalidSizeException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public InvalidSizeException(String message) {
    super(message);
  }

  public InvalidSizeException(String message, Throwable cause) {
    super(message, cause);
  }
}
