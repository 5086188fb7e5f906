package dev.floe.indexer.keeper;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.indexer.BackgroundThread;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the control plane's permissionless epoch transitions when they are due (walrus-protocol.md
 * §5.5): ends voting half an epoch after the last change completed, and starts the next epoch an
 * epoch after it, once voting ended. The nodes report their shards synced themselves; the change
 * completes when a quorum of shards did. Any number of keepers may run: a transition another keeper
 * made first simply fails here and the next tick sees the new state. The clock is the chain's (or
 * the wall clock, which a real chain's block times follow).
 */
public final class EpochKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EpochKeeper.class);

  /** What one tick did. */
  public enum Action {
    /** Nothing was due. */
    NONE,
    /** Voting ended: the next committee was selected. */
    ENDED_VOTING,
    /** The next epoch started. */
    STARTED_EPOCH,
    /** A due transition failed (someone else may have made it first). */
    FAILED
  }

  private final ControlPlane chain;
  private final Supplier<Instant> clock;
  private final BackgroundThread loop = new BackgroundThread();

  /**
   * @param chain a control plane whose account pays the transitions' gas
   * @param clock the chain's current time
   */
  public EpochKeeper(ControlPlane chain, Supplier<Instant> clock) {
    this.chain = chain;
    this.clock = clock;
  }

  /** Performs the transition that is due now, if any. */
  public Action tick() {
    EpochState st = chain.epochState().join();
    Instant now = clock.get();
    Action action = Action.NONE;
    if (st.phase() == EpochPhase.EPOCH_CHANGE_DONE && !now.isBefore(st.votingEndTime())) {
      action = Action.ENDED_VOTING;
    } else if (st.phase() == EpochPhase.NEXT_PARAMS_SELECTED && !now.isBefore(st.nextEpochChangeTime())) {
      action = Action.STARTED_EPOCH;
    }
    if (action == Action.NONE) {
      return action;
    }
    try {
      if (action == Action.ENDED_VOTING) {
        chain.endVoting().join();
        LOG.info("epoch keeper: voting for epoch {} ended", st.epoch() + 1);
      } else {
        chain.initiateEpochChange().join();
        LOG.info("epoch keeper: epoch {} started", st.epoch() + 1);
      }
      return action;
    } catch (RuntimeException e) {
      LOG.debug("epoch keeper: transition not applied: {}", e.getMessage());
      return Action.FAILED;
    }
  }

  /** Ticks every {@code interval} on a (virtual) thread until closed. */
  public void start(Duration interval) {
    loop.start("epoch-keeper", () -> {
      try {
        while (!loop.awaitClose(interval.toMillis())) {
          try {
            tick();
          } catch (RuntimeException e) {
            LOG.warn("epoch keeper: cannot read the epoch state: {}", e.getMessage());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Override
  public void close() {
    loop.close();
  }
}
