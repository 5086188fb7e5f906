package dev.floe.controlplane;

import java.util.OptionalInt;

/**
 * The chain's view of a blob ID across all its registrations (Walrus's {@code BlobStatus}).
 * Counts and end epochs are as recorded; expiry is not subtracted (compare with the current
 * epoch). Only permanent certified registrations guarantee availability until their end epoch,
 * since deletable ones may be deleted at any time.
 */
public sealed interface BlobStatus
    permits BlobStatus.Nonexistent, BlobStatus.Invalid, BlobStatus.Permanent, BlobStatus.Deletable {

  /** No registration of the blob ID exists. */
  record Nonexistent() implements BlobStatus {}

  /** The blob ID was invalidated (its encoding is inconsistent); nothing about it is served. */
  record Invalid() implements BlobStatus {}

  /**
   * At least one permanent registration exists.
   *
   * @param endEpoch the latest end epoch (exclusive) of the certified permanent registrations if
   *     any is certified, else of the registered ones
   * @param certified whether a permanent registration is certified
   * @param initialCertifiedEpoch the first epoch any registration of the blob was certified in
   * @param deletableCounts registrations of deletable copies
   */
  record Permanent(int endEpoch, boolean certified, OptionalInt initialCertifiedEpoch, DeletableCounts deletableCounts)
      implements BlobStatus {}

  /**
   * Only deletable registrations exist.
   *
   * @param initialCertifiedEpoch the first epoch any registration was certified in
   * @param deletableCounts registered and certified deletable registrations not deleted
   */
  record Deletable(OptionalInt initialCertifiedEpoch, DeletableCounts deletableCounts) implements BlobStatus {}

  /**
   * Deletable registrations of a blob ID that are not deleted.
   *
   * @param registered how many are registered (certified or not)
   * @param certified how many of them are certified
   */
  record DeletableCounts(int registered, int certified) {}
}
