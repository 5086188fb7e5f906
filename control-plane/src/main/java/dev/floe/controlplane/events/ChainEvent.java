package dev.floe.controlplane.events;

/**
 * An event of the Floe contracts, decoded into a record. Names follow Walrus's events, in the
 * past tense. Consume with an exhaustive {@code switch}. Every event carries its {@link EventId},
 * which doubles as the cursor to resume after it.
 */
public sealed interface ChainEvent
    permits BlobRegistered, BlobCertified, BlobDeleted, BlobIdInvalidated, EpochChangeStarted,
        EpochChangeDone, ShardsReceived, EpochParametersSelected, NodeRegistered, NodeUpdated,
        StakeDeposited, StakeWithdrawalRequested, StakeWithdrawn, PricesUpdated, StorageReserved,
        StorageChallengeFailed, StakeSlashed {

  /** Where the event is on the chain. */
  EventId id();
}
