package dev.floe.controlplane.evm;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.contracts.generated.FloeSystem;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ContractAddresses;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobDeleted;
import dev.floe.controlplane.events.BlobIdInvalidated;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeDone;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EpochParametersSelected;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.NodeRegistered;
import dev.floe.controlplane.events.NodeUpdated;
import dev.floe.controlplane.events.PricesUpdated;
import dev.floe.controlplane.events.ShardsReceived;
import dev.floe.controlplane.events.StakeDeposited;
import dev.floe.controlplane.events.StakeSlashed;
import dev.floe.controlplane.events.StakeWithdrawalRequested;
import dev.floe.controlplane.events.StakeWithdrawn;
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.controlplane.events.StorageReserved;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Decodes logs of the Floe contracts into {@link ChainEvent} records. Logs of other contracts or
 * of events without a record (token transfers, commission payouts) are skipped. Immutable.
 */
final class EventDecoder {
  private final Address staking;
  private final Address system;
  private final Map<String, BiFunction<Log, EventId, ChainEvent>> stakingEvents = new HashMap<>();
  private final Map<String, BiFunction<Log, EventId, ChainEvent>> systemEvents = new HashMap<>();

  EventDecoder(ContractAddresses contracts) {
    this.staking = contracts.staking();
    this.system = contracts.system();
    on(systemEvents, FloeSystem.BLOBREGISTERED_EVENT, (log, id) -> {
      var e = FloeSystem.getBlobRegisteredEventFromLog(log);
      return new BlobRegistered(id, e.epoch.intValueExact(), BlobId.of(e.blobId), e.size.longValueExact(),
          EncodingType.fromCode(e.encodingType.intValueExact()), e.endEpoch.intValueExact(), e.deletable,
          ObjectId.of(e.objectId));
    });
    on(systemEvents, FloeSystem.BLOBCERTIFIED_EVENT, (log, id) -> {
      var e = FloeSystem.getBlobCertifiedEventFromLog(log);
      return new BlobCertified(id, e.epoch.intValueExact(), BlobId.of(e.blobId), e.endEpoch.intValueExact(),
          e.deletable, ObjectId.of(e.objectId), e.isExtension);
    });
    on(systemEvents, FloeSystem.BLOBDELETED_EVENT, (log, id) -> {
      var e = FloeSystem.getBlobDeletedEventFromLog(log);
      return new BlobDeleted(id, e.epoch.intValueExact(), BlobId.of(e.blobId), e.endEpoch.intValueExact(),
          ObjectId.of(e.objectId), e.wasCertified);
    });
    on(systemEvents, FloeSystem.INVALIDBLOBID_EVENT, (log, id) -> {
      var e = FloeSystem.getInvalidBlobIDEventFromLog(log);
      return new BlobIdInvalidated(id, e.epoch.intValueExact(), BlobId.of(e.blobId));
    });
    on(systemEvents, FloeSystem.STORAGERESERVED_EVENT, (log, id) -> {
      var e = FloeSystem.getStorageReservedEventFromLog(log);
      return new StorageReserved(id, ObjectId.of(e.storageId), Address.parse(e.owner), e.size.longValueExact(),
          e.startEpoch.intValueExact(), e.endEpoch.intValueExact());
    });
    on(systemEvents, FloeSystem.STORAGECHALLENGEFAILED_EVENT, (log, id) -> {
      var e = FloeSystem.getStorageChallengeFailedEventFromLog(log);
      return new StorageChallengeFailed(id, e.epoch.intValueExact(), Address.parse(e.nodeId));
    });
    on(stakingEvents, FloeStaking.EPOCHCHANGESTART_EVENT, (log, id) ->
        new EpochChangeStarted(id, FloeStaking.getEpochChangeStartEventFromLog(log).epoch.intValueExact()));
    on(stakingEvents, FloeStaking.EPOCHCHANGEDONE_EVENT, (log, id) ->
        new EpochChangeDone(id, FloeStaking.getEpochChangeDoneEventFromLog(log).epoch.intValueExact()));
    on(stakingEvents, FloeStaking.EPOCHPARAMETERSSELECTED_EVENT, (log, id) -> new EpochParametersSelected(
        id, FloeStaking.getEpochParametersSelectedEventFromLog(log).nextEpoch.intValueExact()));
    on(stakingEvents, FloeStaking.SHARDSRECEIVED_EVENT, (log, id) -> {
      var e = FloeStaking.getShardsReceivedEventFromLog(log);
      return new ShardsReceived(id, e.epoch.intValueExact(), Address.parse(e.nodeId),
          e.shards.stream().map(BigInteger::intValueExact).toList());
    });
    on(stakingEvents, FloeStaking.NODEREGISTERED_EVENT, (log, id) -> {
      var e = FloeStaking.getNodeRegisteredEventFromLog(log);
      return new NodeRegistered(id, e.epoch.intValueExact(), Address.parse(e.nodeId),
          Address.parse(e.protocolKeyAddress), e.name, e.networkAddress);
    });
    on(stakingEvents, FloeStaking.NODEUPDATED_EVENT, (log, id) -> {
      var e = FloeStaking.getNodeUpdatedEventFromLog(log);
      return new NodeUpdated(id, e.epoch.intValueExact(), Address.parse(e.nodeId));
    });
    on(stakingEvents, FloeStaking.STAKEDEPOSITED_EVENT, (log, id) -> {
      var e = FloeStaking.getStakeDepositedEventFromLog(log);
      return new StakeDeposited(id, ObjectId.of(e.stakeId), Address.parse(e.nodeId), Address.parse(e.owner),
          new TokenAmount(e.amount), e.activationEpoch.intValueExact());
    });
    on(stakingEvents, FloeStaking.STAKEWITHDRAWALREQUESTED_EVENT, (log, id) -> {
      var e = FloeStaking.getStakeWithdrawalRequestedEventFromLog(log);
      return new StakeWithdrawalRequested(id, ObjectId.of(e.stakeId), Address.parse(e.nodeId),
          e.withdrawEpoch.intValueExact());
    });
    on(stakingEvents, FloeStaking.STAKEWITHDRAWN_EVENT, (log, id) -> {
      var e = FloeStaking.getStakeWithdrawnEventFromLog(log);
      return new StakeWithdrawn(id, ObjectId.of(e.stakeId), Address.parse(e.nodeId), Address.parse(e.owner),
          new TokenAmount(e.principal), new TokenAmount(e.rewards));
    });
    on(stakingEvents, FloeStaking.STAKESLASHED_EVENT, (log, id) -> {
      var e = FloeStaking.getStakeSlashedEventFromLog(log);
      return new StakeSlashed(id, e.epoch.intValueExact(), Address.parse(e.nodeId), new TokenAmount(e.amount));
    });
    on(stakingEvents, FloeStaking.PRICESUPDATED_EVENT, (log, id) -> {
      var e = FloeStaking.getPricesUpdatedEventFromLog(log);
      return new PricesUpdated(id, e.epoch.intValueExact(), new TokenAmount(e.storagePrice),
          new TokenAmount(e.writePrice));
    });
  }

  private static void on(Map<String, BiFunction<Log, EventId, ChainEvent>> map, Event event,
      BiFunction<Log, EventId, ChainEvent> decoder) {
    map.put(EventEncoder.encode(event).toLowerCase(Locale.ROOT), decoder);
  }

  /** The system contract's address (where the blob events come from). */
  String systemAddress() {
    return system.toHex();
  }

  /** The staking contract's address (where the node and stake events come from). */
  String stakingAddress() {
    return staking.toHex();
  }

  /** topic0 of every blob event that names a blob ID as its first indexed topic. */
  static List<String> blobEventTopics() {
    return List.of(FloeSystem.BLOBREGISTERED_EVENT, FloeSystem.BLOBCERTIFIED_EVENT, FloeSystem.BLOBDELETED_EVENT,
        FloeSystem.INVALIDBLOBID_EVENT).stream().map(EventEncoder::encode).toList();
  }

  /** The addresses whose logs carry Floe events. */
  List<String> addresses() {
    return List.of(staking.toHex(), system.toHex());
  }

  /** The event in {@code log}, if it is a Floe event. */
  Optional<ChainEvent> decode(Log log) {
    if (log.getTopics() == null || log.getTopics().isEmpty() || log.isRemoved()) {
      return Optional.empty();
    }
    Address emitter = Address.parse(log.getAddress());
    Map<String, BiFunction<Log, EventId, ChainEvent>> table =
        emitter.equals(staking) ? stakingEvents : emitter.equals(system) ? systemEvents : Map.of();
    BiFunction<Log, EventId, ChainEvent> decoder = table.get(log.getTopics().get(0).toLowerCase(Locale.ROOT));
    if (decoder == null) {
      return Optional.empty();
    }
    EventId id = new EventId(log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact());
    return Optional.of(decoder.apply(log, id));
  }

  /** Every Floe event in the logs, in order. */
  List<ChainEvent> decodeAll(List<Log> logs) {
    return logs.stream()
        .map(this::decode)
        .flatMap(Optional::stream)
        .sorted(java.util.Comparator.comparing(ChainEvent::id))
        .toList();
  }
}
