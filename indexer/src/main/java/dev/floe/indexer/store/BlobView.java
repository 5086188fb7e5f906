package dev.floe.indexer.store;

import dev.floe.core.blob.BlobId;
import java.util.List;
import java.util.Optional;

/**
 * Everything indexed about one blob ID.
 *
 * @param blobId the blob ID
 * @param objects its registrations, oldest first
 * @param invalidatedInEpoch the epoch it was invalidated in, if it was
 */
public record BlobView(BlobId blobId, List<BlobObjectView> objects, Optional<Integer> invalidatedInEpoch) {
  public BlobView {
    objects = List.copyOf(objects);
  }

  /** The blob's status in {@code epoch}, derived the way the contract's views derive it. */
  public Status statusIn(int epoch) {
    if (invalidatedInEpoch.isPresent()) {
      return Status.INVALID;
    }
    if (objects.isEmpty()) {
      return Status.NONEXISTENT;
    }
    if (objects.stream().anyMatch(o -> o.isLiveCertifiedIn(epoch))) {
      return Status.CERTIFIED;
    }
    if (objects.stream().anyMatch(o -> o.isLiveIn(epoch))) {
      return Status.REGISTERED;
    }
    return objects.stream().allMatch(BlobObjectView::deleted) ? Status.DELETED : Status.EXPIRED;
  }

  /** The latest end epoch among live certified registrations (0 when there is none). */
  public int certifiedUntil(int epoch) {
    return objects.stream().filter(o -> o.isLiveCertifiedIn(epoch)).mapToInt(BlobObjectView::endEpoch).max().orElse(0);
  }

  /** A blob's derived status. */
  public enum Status {
    /** Never registered (as far as the index knows). */
    NONEXISTENT,
    /** Registered and paid for, not yet certified. */
    REGISTERED,
    /** Certified and still stored: readable. */
    CERTIFIED,
    /** Every registration ended. */
    EXPIRED,
    /** Every registration was deleted. */
    DELETED,
    /** Invalidated: its encoding is inconsistent; no reader returns data for it. */
    INVALID
  }
}
