package dev.floe.core.protocol;

/**
 * Live deletable registrations of a blob ID: all of them and the certified ones. JSON
 * {@code {"countDeletableTotal":..,"countDeletableCertified":..}}.
 */
public record DeletableCounts(long countDeletableTotal, long countDeletableCertified) {
  /** No deletable registrations. */
  public static final DeletableCounts NONE = new DeletableCounts(0, 0);

  public DeletableCounts {
    if (countDeletableTotal < 0 || countDeletableCertified < 0 || countDeletableCertified > countDeletableTotal) {
      throw new IllegalArgumentException(
          "inconsistent deletable counts: total " + countDeletableTotal + ", certified " + countDeletableCertified);
    }
  }
}
