package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import dev.floe.core.protocol.BlobStatusView;
import dev.floe.core.protocol.HealthInfo;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/** Blob status and node health. */
public final class StatusService {
  private final String name;
  private final SliverStore store;
  private final ChainState chainState;
  private final byte[] publicKey;
  private final Instant started = Instant.now();
  private final AtomicReference<NodeStatus> status = new AtomicReference<>(NodeStatus.RECOVERY_CATCH_UP);
  private volatile LongSupplier pendingEvents = () -> 0;

  public StatusService(String name, SliverStore store, ChainState chainState, byte[] publicKey) {
    this.name = name;
    this.store = store;
    this.chainState = chainState;
    this.publicKey = publicKey.clone();
  }

  /** The node's view of the blob's status in the current epoch. */
  public BlobStatusView blobStatus(BlobId blobId) {
    long epoch = chainState.current().epoch();
    return store.blobInfo(blobId).map(i -> i.statusAt(epoch)).orElseGet(BlobStatusView.Nonexistent::new);
  }

  /** Sets the overall status. */
  public void setStatus(NodeStatus s) {
    status.set(s);
  }

  /** The overall status. */
  public NodeStatus status() {
    return status.get();
  }

  /** Where the health report reads the number of events seen but not processed. */
  public void setPendingEvents(LongSupplier pending) {
    this.pendingEvents = pending;
  }

  /** The health report. */
  public HealthInfo health(boolean detailed) {
    ChainState.Snapshot snap = chainState.current();
    Map<Integer, ShardState> states = store.shardStates();
    int ready = 0;
    int inTransfer = 0;
    int inRecovery = 0;
    int unknown = 0;
    Map<Integer, String> detail = new TreeMap<>();
    for (int s : snap.ownedShards()) {
      ShardState st = states.get(s);
      if (st == ShardState.ACTIVE) {
        ready++;
      } else if (st == ShardState.ACTIVE_SYNC) {
        inTransfer++;
      } else if (st == ShardState.ACTIVE_RECOVER) {
        inRecovery++;
      } else {
        unknown++;
      }
      if (detailed) {
        detail.put(s, st == null ? "unknown" : st.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    int readOnly = (int) states.entrySet().stream()
        .filter(e -> e.getValue() == ShardState.LOCKED_TO_MOVE && !snap.ownedShards().contains(e.getKey())).count();
    long processed = store.eventsProcessed();
    return new HealthInfo(
        name,
        Duration.between(started, Instant.now()),
        snap.epoch(),
        HexFormat.of().formatHex(publicKey),
        status.get().wireName(),
        new HealthInfo.EventProgress(processed, pendingEvents.getAsLong(), processed - 1),
        new HealthInfo.ShardSummary(snap.ownedShards().size(), ready, inTransfer, inRecovery, unknown, readOnly),
        detail);
  }
}
