package dev.floe.core.errors;

/** Thrown for BCS bytes that are truncated, have trailing data, or hold an invalid value. */
public class BcsException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public BcsException(String message) {
    super(message);
  }

  public BcsException(String message, Throwable cause) {
    super(message, cause);
  }
}
