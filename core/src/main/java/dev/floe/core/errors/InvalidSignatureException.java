package dev.floe.core.errors;

/** Thrown for a signature or signed message that does not verify or has the wrong intent, epoch or signer. */
public class InvalidSignatureException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
