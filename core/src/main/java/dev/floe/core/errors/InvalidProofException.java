package dev.floe.core.errors;

/** Thrown for a Merkle proof or inconsistency proof that does not verify. */
public class InvalidProofException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }

  public InvalidProofException(String message, Throwable cause) {
    super(message, cause);
  }
}
