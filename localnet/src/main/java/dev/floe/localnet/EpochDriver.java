package dev.floe.localnet;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.RevertedException;
import dev.floe.indexer.keeper.EpochKeeper;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Drives the localnet's epochs through the contract's permissionless transitions (walrus-protocol.md
 * §5.5): {@link #tick()} calls whatever transition is due by the chain's clock (run periodically
 * while a localnet is up), {@link #advance(Duration)} moves anvil's clock forward to reach the next
 * epoch at once (used to reach epoch 1 after the nodes registered, and by tests for expiry). The
 * nodes themselves report {@code epochSyncDone}; the epoch change completes when a quorum of shards
 * did. Other keepers (the indexer's) may make a transition first; that is not an error.
 */
public final class EpochDriver {
  private final ControlPlane admin;
  private final AnvilRpc anvil;
  private final Consumer<String> log;

  public EpochDriver(ControlPlane admin, AnvilRpc anvil, Consumer<String> log) {
    this.admin = admin;
    this.anvil = anvil;
    this.log = log;
  }

  /** The chain's epoch clock. */
  public EpochState state() {
    return admin.epochState().join();
  }

  /**
   * Moves the chain clock to the next epoch boundary, performs the transitions and waits until the
   * new committee has synced (EpochChangeDone). Returns the new epoch.
   */
  public int advance(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    EpochState st = awaitPhaseNot(EpochPhase.EPOCH_CHANGE_SYNC, deadline);
    int target = st.epoch() + 1;
    if (st.phase() == EpochPhase.EPOCH_CHANGE_DONE) {
      jumpTo(st.votingEndTime().getEpochSecond());
      transition(admin.endVoting());
      st = state();
    }
    if (st.phase() == EpochPhase.NEXT_PARAMS_SELECTED) {
      jumpTo(st.nextEpochChangeTime().getEpochSecond());
      transition(admin.initiateEpochChange());
    }
    log.accept("epoch " + target + " started; waiting for the nodes to sync");
    st = awaitPhaseNot(EpochPhase.EPOCH_CHANGE_SYNC, deadline);
    if (st.epoch() < target) {
      throw new LocalnetException("epoch did not advance to " + target + " (still " + st.epoch() + ")");
    }
    return st.epoch();
  }

  /**
   * Calls the transition that is due now by the chain's clock, if any (the indexer's {@link
   * EpochKeeper}, with anvil's latest block time as the clock). Never moves time.
   */
  public void tick() {
    new EpochKeeper(admin, () -> Instant.ofEpochSecond(anvil.latestBlockTimestamp())).tick();
  }

  /**
   * Waits for a permissionless transition. Once the clock jumped, the indexer's keeper (or anyone)
   * may make the same transition first; this one then reverts with {@code WrongEpochState}, which
   * is fine: the epoch moved all the same (the caller checks where it ended up).
   */
  private void transition(java.util.concurrent.CompletableFuture<Void> call) {
    try {
      call.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RevertedException r && "WrongEpochState".equals(r.errorName())) {
        log.accept("another keeper made this epoch transition first");
        return;
      }
      throw e;
    }
  }

  private void jumpTo(long targetSecond) {
    long now = anvil.latestBlockTimestamp();
    if (now < targetSecond) {
      anvil.advanceTime(targetSecond - now + 1);
    }
  }

  private EpochState awaitPhaseNot(EpochPhase phase, long deadline) {
    while (true) {
      EpochState st = state();
      if (st.phase() != phase) {
        return st;
      }
      if (System.nanoTime() > deadline) {
        throw new LocalnetException(
            "epoch " + st.epoch() + " is still in " + phase + ": the nodes did not report their shards synced");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocalnetException("interrupted while waiting for the epoch change", e);
      }
    }
  }
}
