package dev.floe.core.protocol;

/**
 * The chain event that set a status: block number and log index on the EVM control plane (Floe's
 * counterpart of Walrus's Sui {@code EventID}). JSON {@code {"blockNumber":..,"logIndex":..}}.
 */
public record EventRef(long blockNumber, long logIndex) {
  public EventRef {
    if (blockNumber < 0 || logIndex < 0) {
      throw new IllegalArgumentException(
          "event reference must not be negative: " + blockNumber + "/" + logIndex);
    }
  }
}
