package dev.floe.indexer.keeper;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.RevertedException;
import dev.floe.indexer.BackgroundThread;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the control plane's permissionless epoch transitions when they are due (walrus-protocol.md
 * §5.5): ends voting half an epoch after the last change completed, and starts the next epoch an
 * epoch after it, once voting ended. The nodes report their shards synced themselves; the change
 * completes when a quorum of shards did. Any number of keepers may run: a transition another keeper
 * made first is {@link Action#ALREADY_DONE}, not an error. A transition that fails while the chain
 * stays where it was (the wallet cannot pay for gas, the RPC endpoint refuses it) is {@link
 * Action#FAILED}: logged as a warning once per distinct error, kept as {@link #lastError()} (the
 * indexer's health shows it) and tried again at the next tick. The clock is the chain's (or the wall
 * clock, which a real chain's block times follow).
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
    /** A due transition was made by someone else (another keeper) first: nothing to do. */
    ALREADY_DONE,
    /**
     * A due transition failed and the chain did not move on: the keeper cannot make it (for
     * example its wallet cannot pay for gas); see {@link #lastError()}.
     */
    FAILED
  }

  private final ControlPlane chain;
  private final Supplier<Instant> clock;
  private final BackgroundThread loop = new BackgroundThread();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  /**
   * @param chain a control plane whose account pays the transitions' gas
   * @param clock the chain's current time
   */
  public EpochKeeper(ControlPlane chain, Supplier<Instant> clock) {
    this.chain = chain;
    this.clock = clock;
  }

  /**
   * Why the latest tick could not do what was due (a failed transition, or the epoch state could not
   * be read); empty once a tick succeeds or finds nothing to do.
   */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  /**
   * Performs the transition that is due now, if any.
   *
   * @throws RuntimeException when the epoch state cannot be read (also recorded as {@link #lastError()})
   */
  public Action tick() {
    EpochState st;
    try {
      st = chain.epochState().join();
    } catch (RuntimeException e) {
      report("cannot read the epoch state: " + reason(e));
      throw e;
    }
    Instant now = clock.get();
    Action action = Action.NONE;
    if (st.phase() == EpochPhase.EPOCH_CHANGE_DONE && !now.isBefore(st.votingEndTime())) {
      action = Action.ENDED_VOTING;
    } else if (st.phase() == EpochPhase.NEXT_PARAMS_SELECTED && !now.isBefore(st.nextEpochChangeTime())) {
      action = Action.STARTED_EPOCH;
    }
    if (action == Action.NONE) {
      lastError.set(null);
      return action;
    }
    String what = action == Action.ENDED_VOTING ? "ending voting for epoch " + (st.epoch() + 1)
        : "starting epoch " + (st.epoch() + 1);
    try {
      if (action == Action.ENDED_VOTING) {
        chain.endVoting().join();
      } else {
        chain.initiateEpochChange().join();
      }
      LOG.info("epoch keeper: {}: done", what);
      lastError.set(null);
      return action;
    } catch (RuntimeException e) {
      if (movedOn(st)) {
        LOG.debug("epoch keeper: {}: someone else did it first ({})", what, reason(e));
        lastError.set(null);
        return Action.ALREADY_DONE;
      }
      if (tooEarly(e)) {
        // this clock ran ahead of the chain's next block time: not a failure, due at a later tick
        LOG.debug("epoch keeper: {}: not due yet by the chain's clock ({})", what, reason(e));
        return Action.NONE;
      }
      report(what + " is due but failed: " + reason(e));
      return Action.FAILED;
    }
  }

  /** Whether the epoch state is no longer {@code before} (another caller made the transition). */
  private boolean movedOn(EpochState before) {
    try {
      EpochState now = chain.epochState().join();
      return now.epoch() != before.epoch() || now.phase() != before.phase();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Records {@code error}; logs it as a warning when it differs from the previous one (no flood). */
  private void report(String error) {
    String previous = lastError.getAndSet(error);
    if (!error.equals(previous)) {
      LOG.warn("epoch keeper: {} (retrying every tick; check the keeper's wallet and RPC endpoint)", error);
    } else {
      LOG.debug("epoch keeper: {}", error);
    }
  }

  private static boolean tooEarly(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RevertedException r && "TooEarly".equals(r.errorName())) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** Ticks every {@code interval} on a (virtual) thread until closed. */
  public void start(Duration interval) {
    loop.start("epoch-keeper", () -> {
      try {
        while (!loop.awaitClose(interval.toMillis())) {
          try {
            tick();
          } catch (RuntimeException e) {
            // recorded and logged by tick(); the next tick tries again
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
