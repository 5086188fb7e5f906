package dev.floe.core.errors;

/** Thrown for an encoding type other than RS2. */
public class UnsupportedEncodingTypeException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public UnsupportedEncodingTypeException(String message) {
    super(message);
  }

  public UnsupportedEncodingTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}
