package dev.floe.core.errors;

/** Thrown for a sliver that is well formed but not the one asked for (another index or sliver type). */
public class WrongSliverException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public WrongSliverException(String message) {
    super(message);
  }
}
