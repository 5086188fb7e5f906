package dev.floe.client;

/**
 * How to store a blob.
 *
 * @param epochs for how many epochs from the current one the blob is stored (at least 1)
 * @param deletable whether the owner may delete the blob before it expires
 * @param force store (and pay) again even if the blob is already certified long enough
 */
public record StoreOptions(int epochs, boolean deletable, boolean force) {
  /** Stored for one epoch, permanent, not forced. */
  public static final StoreOptions DEFAULT = new StoreOptions(1, false, false);

  public StoreOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
  }

  /** A permanent blob stored for {@code epochs} epochs. */
  public static StoreOptions forEpochs(int epochs) {
    return new StoreOptions(epochs, false, false);
  }

  /** This with {@code deletable} set. */
  public StoreOptions withDeletable(boolean value) {
    return new StoreOptions(epochs, value, force);
  }

  /** This with {@code force} set. */
  public StoreOptions withForce(boolean value) {
    return new StoreOptions(epochs, deletable, value);
  }
}
