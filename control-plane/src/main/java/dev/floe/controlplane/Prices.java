package dev.floe.controlplane;

/**
 * Storage prices and capacity, set from the committee's votes.
 *
 * @param storagePricePerUnit price of one unit (1 MiB of encoded size) per epoch
 * @param writePricePerUnit one-time price per unit charged when a blob is registered
 * @param capacityBytes total capacity the committee offers
 * @param usedCapacityBytes capacity reserved in the current epoch
 */
public record Prices(
    TokenAmount storagePricePerUnit, TokenAmount writePricePerUnit, long capacityBytes, long usedCapacityBytes) {

  /** Bytes in a storage unit (1 MiB). */
  public static final long UNIT_SIZE = 1L << 20;

  /** Storage units for an encoded size: ceil(encodedSize / 1 MiB). */
  public static long storageUnits(long encodedSize) {
    if (encodedSize < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + encodedSize);
    }
    return (encodedSize + UNIT_SIZE - 1) / UNIT_SIZE;
  }

  /** Cost of reserving {@code encodedSize} bytes for {@code epochs} epochs. */
  public TokenAmount reservationCost(long encodedSize, int epochs) {
    return storagePricePerUnit.times(storageUnits(encodedSize)).times(epochs);
  }

  /** Cost of registering a blob of {@code encodedSize} bytes. */
  public TokenAmount writeCost(long encodedSize) {
    return writePricePerUnit.times(storageUnits(encodedSize));
  }
}
