package dev.floe.controlplane;

/** A sent transaction was not mined within the configured time; it may still be mined later. */
public final class TransactionTimeoutException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  private final String transactionHash;

  public TransactionTimeoutException(String transactionHash, String message) {
    super(message);
    this.transactionHash = transactionHash;
  }

  /** The hash of the transaction that was not seen mined. */
  public String transactionHash() {
    return transactionHash;
  }
}
