package dev.floe.indexer.store;

/** The indexer's database cannot be opened, read or written, or belongs to another deployment. */
public class IndexStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IndexStoreException(String message) {
    super(message);
  }

  public IndexStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
