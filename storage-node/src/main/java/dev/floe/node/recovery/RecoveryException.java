package dev.floe.node.recovery;

/** One round of sliver recovery failed; it may be retried. */
public class RecoveryException extends Exception {
  private static final long serialVersionUID = 1L;

  public RecoveryException(String message) {
    super(message);
  }

  public RecoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
