package dev.floe.controlplane;

import java.util.Optional;

/**
 * The chain reorganized deeper than the event confirmation depth: a block whose events were already
 * delivered no longer has the hash it had then. Events of the orphaned block may have been handled
 * and the events of the blocks that replaced it were not; the reader does not advance past this
 * point on its own. Raise the confirmation depth above the depth of such reorganizations and
 * re-sync from a cursor before {@link #blockNumber()}.
 */
public final class ChainReorganizedException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  private final long blockNumber;
  private final String expectedHash;
  private final String actualHash;
  private final int confirmations;

  /**
   * @param blockNumber the delivered block that was replaced
   * @param expectedHash its hash when its events were delivered
   * @param actualHash its hash now
   * @param confirmations the confirmation depth the reader used
   */
  public ChainReorganizedException(long blockNumber, String expectedHash, String actualHash, int confirmations) {
    super("chain reorganized deeper than the confirmation depth: block " + blockNumber + " had hash "
        + expectedHash + " when its events were delivered but now has hash " + actualHash
        + "; events of the orphaned block may have been handled and those of the new blocks were not;"
        + " raise the confirmation depth (now " + confirmations + ") above the reorganization depth and"
        + " re-sync from a cursor before block " + blockNumber);
    this.blockNumber = blockNumber;
    this.expectedHash = expectedHash;
    this.actualHash = actualHash;
    this.confirmations = confirmations;
  }

  /** The reorganization behind {@code failure} (itself or a cause), if that is what failed. */
  public static Optional<ChainReorganizedException> causeOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ChainReorganizedException r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The delivered block that was replaced. */
  public long blockNumber() {
    return blockNumber;
  }

  /** The block's hash when its events were delivered. */
  public String expectedHash() {
    return expectedHash;
  }

  /** The block's hash now. */
  public String actualHash() {
    return actualHash;
  }

  /** The confirmation depth the reader used (too small for this reorganization). */
  public int confirmations() {
    return confirmations;
  }
}
