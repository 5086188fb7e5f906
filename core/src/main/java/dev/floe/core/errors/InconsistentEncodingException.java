package dev.floe.core.errors;

/** Thrown for a blob whose slivers are inconsistent with its metadata: readers must treat the blob as invalid. */
public class InconsistentEncodingException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public InconsistentEncodingException(String message) {
    super(message);
  }

  public InconsistentEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
