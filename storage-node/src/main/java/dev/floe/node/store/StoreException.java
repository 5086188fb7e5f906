package dev.floe.node.store;

/** A failure of the local database (I/O error, corruption). Never carries payload bytes. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
