package dev.floe.controlplane;

/**
 * The identifier of a transaction the control plane sent, as the chain's explorers and RPC methods
 * know it (on EVM chains the transaction hash, {@code 0x} + 64 hex digits). Immutable.
 *
 * @param text the identifier as text
 */
public record TransactionId(String text) {
  public TransactionId {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a transaction ID must not be blank");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
