package dev.floe.node.chain;

/**
 * A failure talking to the control plane (unreachable RPC, reverted transaction...). The message
 * never contains key material.
 */
public class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}
