package dev.floe.core.errors;

/** Thrown for data whose hash does not match the commitment it is checked against (metadata, blob ID, Merkle root). */
public class HashMismatchException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public HashMismatchException(String message) {
    super(message);
  }

  public HashMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
