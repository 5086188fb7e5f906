package dev.floe.core.errors;

/** Thrown for too few slivers or symbols to decode or recover. */
public class NotEnoughSymbolsException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public NotEnoughSymbolsException(String message) {
    super(message);
  }

  public NotEnoughSymbolsException(String message, Throwable cause) {
    super(message, cause);
  }
}
