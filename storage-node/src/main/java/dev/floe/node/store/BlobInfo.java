package dev.floe.node.store;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.protocol.BlobStatusView;
import dev.floe.core.protocol.DeletableCounts;
import dev.floe.core.protocol.EventRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node knows of a blob ID from chain events: its live registrations, the first
 * certification epoch, and whether it was invalidated. Immutable; every transition returns a new
 * value. Persisted in the {@code blob_info} column family in a versioned BCS layout.
 *
 * @param unencodedLength the blob size from the first registration event
 * @param registrations registrations that have not been deleted (expired ones are dropped by GC)
 * @param initialCertifiedEpoch first certification epoch, -1 if never certified
 * @param invalidatedBy the invalidation event, if the blob ID is invalid
 * @param lastEvent the event that produced this state
 */
public record BlobInfo(
    long unencodedLength,
    List<Registration> registrations,
    long initialCertifiedEpoch,
    Optional<EventRef> invalidatedBy,
    EventRef lastEvent) {
  private static final int FORMAT_VERSION = 1;

  public BlobInfo {
    registrations = List.copyOf(registrations);
  }

  /** The state after the first registration event for this blob ID. */
  public static BlobInfo registered(long size, Registration registration, EventRef event) {
    return new BlobInfo(size, List.of(registration), -1, Optional.empty(), event);
  }

  /** Adds (or replaces) a registration. */
  public BlobInfo withRegistration(Registration registration, EventRef event) {
    List<Registration> regs = new ArrayList<>();
    for (Registration r : registrations) {
      if (!r.hasObjectId(registration.objectId())) {
        regs.add(r);
      }
    }
    regs.add(registration);
    return new BlobInfo(unencodedLength, regs, initialCertifiedEpoch, invalidatedBy, event);
  }

  /**
   * Marks the registration {@code objectId} certified in {@code epoch} until {@code endEpoch}. A
   * certification for an unknown object (its registration predates the node's cursor window) adds it.
   */
  public BlobInfo withCertified(byte[] objectId, boolean deletable, long epoch, long endEpoch, EventRef event) {
    List<Registration> regs = new ArrayList<>();
    boolean found = false;
    for (Registration r : registrations) {
      if (r.hasObjectId(objectId)) {
        regs.add(r.certified(epoch, endEpoch));
        found = true;
      } else {
        regs.add(r);
      }
    }
    if (!found) {
      regs.add(new Registration(objectId, deletable, epoch, endEpoch, epoch));
    }
    long initial = initialCertifiedEpoch >= 0 ? Math.min(initialCertifiedEpoch, epoch) : epoch;
    return new BlobInfo(unencodedLength, regs, initial, invalidatedBy, event);
  }

  /** Removes the deleted registration {@code objectId}. */
  public BlobInfo withDeleted(byte[] objectId, EventRef event) {
    List<Registration> regs = new ArrayList<>();
    for (Registration r : registrations) {
      if (!r.hasObjectId(objectId)) {
        regs.add(r);
      }
    }
    return new BlobInfo(unencodedLength, regs, initialCertifiedEpoch, invalidatedBy, event);
  }

  /** Marks the blob ID invalid. */
  public BlobInfo invalidated(EventRef event) {
    return new BlobInfo(unencodedLength, registrations, initialCertifiedEpoch, Optional.of(event), event);
  }

  /** Drops registrations that expired by {@code epoch}. */
  public BlobInfo expiredBy(long epoch) {
    List<Registration> regs = registrations.stream().filter(r -> r.liveAt(epoch)).toList();
    return new BlobInfo(unencodedLength, regs, initialCertifiedEpoch, invalidatedBy, lastEvent);
  }

  /** True iff the blob ID was invalidated. */
  public boolean isInvalid() {
    return invalidatedBy.isPresent();
  }

  /** Valid and some registration is live in {@code epoch}. */
  public boolean isRegisteredAt(long epoch) {
    return !isInvalid() && registrations.stream().anyMatch(r -> r.liveAt(epoch));
  }

  /** Valid and some certified registration is live in {@code epoch}. */
  public boolean isCertifiedAt(long epoch) {
    return !isInvalid() && registrations.stream().anyMatch(r -> r.liveAt(epoch) && r.isCertified());
  }

  /** True iff some registration ever existed but none is live in {@code epoch}. */
  public boolean isExpiredAt(long epoch) {
    return !isRegisteredAt(epoch);
  }

  /** The live registration with this object ID. */
  public Optional<Registration> liveRegistration(byte[] objectId, long epoch) {
    return registrations.stream().filter(r -> r.hasObjectId(objectId) && r.liveAt(epoch)).findFirst();
  }

  /** True iff a live permanent registration exists in {@code epoch}. */
  public boolean hasLivePermanent(long epoch) {
    return registrations.stream().anyMatch(r -> !r.deletable() && r.liveAt(epoch));
  }

  /** The latest exclusive end epoch over live registrations, 0 if none. */
  public long endEpoch() {
    return registrations.stream().mapToLong(Registration::endEpoch).max().orElse(0);
  }

  /** The API status of this blob ID in {@code epoch}. */
  public BlobStatusView statusAt(long epoch) {
    if (isInvalid()) {
      return new BlobStatusView.Invalid(invalidatedBy.get());
    }
    List<Registration> live = registrations.stream().filter(r -> r.liveAt(epoch)).toList();
    if (live.isEmpty()) {
      return new BlobStatusView.Nonexistent();
    }
    long deletableTotal = live.stream().filter(Registration::deletable).count();
    long deletableCertified = live.stream().filter(r -> r.deletable() && r.isCertified()).count();
    DeletableCounts counts = new DeletableCounts(deletableTotal, deletableCertified);
    OptionalLong initial = initialCertifiedEpoch >= 0 && live.stream().anyMatch(Registration::isCertified)
        ? OptionalLong.of(initialCertifiedEpoch) : OptionalLong.empty();
    List<Registration> permanent = live.stream().filter(r -> !r.deletable()).toList();
    if (permanent.isEmpty()) {
      return new BlobStatusView.Deletable(initial, counts);
    }
    long end = permanent.stream().mapToLong(Registration::endEpoch).max().orElseThrow();
    boolean certified = permanent.stream().anyMatch(Registration::isCertified);
    return new BlobStatusView.Permanent(end, certified, lastEvent, counts, initial);
  }

  /** The persisted form. */
  public byte[] toBytes() {
    BcsWriter w = new BcsWriter(64 + registrations.size() * 64);
    w.writeU8(FORMAT_VERSION);
    w.writeU64(unencodedLength);
    w.writeVector(registrations, (ww, r) -> {
      ww.writeFixedBytes(r.objectId());
      ww.writeBool(r.deletable());
      ww.writeU64(r.registeredEpoch());
      ww.writeU64(r.endEpoch());
      ww.writeU64(r.certifiedEpoch() + 1);
    });
    w.writeU64(initialCertifiedEpoch + 1);
    w.writeOption(invalidatedBy, BlobInfo::writeRef);
    writeRef(w, lastEvent);
    return w.toByteArray();
  }

  /** Parses the persisted form; a corrupt value raises {@code BcsException}. */
  public static BlobInfo fromBytes(byte[] bytes) {
    return BcsReader.decode(bytes, r -> {
      int version = r.readU8();
      if (version != FORMAT_VERSION) {
        throw new dev.floe.core.errors.BcsException("unknown blob info format version " + version);
      }
      long size = r.readU64();
      List<Registration> regs = r.readVector(57, rr -> new Registration(
          rr.readFixedBytes(32), rr.readBool(), rr.readU64(), rr.readU64(), rr.readU64() - 1));
      long initial = r.readU64() - 1;
      Optional<EventRef> invalid = r.readOption(BlobInfo::readRef);
      EventRef last = readRef(r);
      return new BlobInfo(size, regs, initial, invalid, last);
    });
  }

  private static void writeRef(BcsWriter w, EventRef ref) {
    w.writeU64(ref.blockNumber());
    w.writeU64(ref.logIndex());
  }

  private static EventRef readRef(BcsReader r) {
    return new EventRef(r.readU64(), r.readU64());
  }
}
