package dev.floe.core.protocol;

import java.util.OptionalLong;

/**
 * A node's view of a blob ID's on-chain status (Walrus {@code BlobStatus}), the JSON of {@code GET
 * /v1/blobs/{blob_id}/status}: {@code "nonexistent"}, {@code {"invalid":{"event":..}}},
 * {@code {"permanent":{"endEpoch":..,"isCertified":..,"statusEvent":..,"deletableCounts":..,
 * "initialCertifiedEpoch":..}}} or {@code {"deletable":{"initialCertifiedEpoch":..,
 * "deletableCounts":..}}}.
 */
public sealed interface BlobStatusView {
  /** The blob does not exist (or no longer exists) in the system. */
  record Nonexistent() implements BlobStatusView {}

  /** The blob ID was invalidated. */
  record Invalid(EventRef event) implements BlobStatusView {}

  /**
   * At least one permanent registration is live.
   *
   * @param endEpoch the latest exclusive end epoch of any live registration
   * @param isCertified whether a permanent registration is certified
   * @param statusEvent the event that produced this status
   * @param deletableCounts live deletable registrations
   * @param initialCertifiedEpoch the first certification epoch, if certified
   */
  record Permanent(
      long endEpoch,
      boolean isCertified,
      EventRef statusEvent,
      DeletableCounts deletableCounts,
      OptionalLong initialCertifiedEpoch)
      implements BlobStatusView {}

  /** Only deletable registrations are live. */
  record Deletable(OptionalLong initialCertifiedEpoch, DeletableCounts deletableCounts)
      implements BlobStatusView {}

  /** True for the permanent and deletable variants. */
  default boolean isRegistered() {
    return this instanceof Permanent || this instanceof Deletable;
  }
}
