package dev.floe.node.chain;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a registered storage node in the stake-bounded active set. The contract readmits on its
 * own only the member evicted last when a place frees up; any other node that was evicted (or never
 * got in while the set was full) must call {@code joinActiveSet} once its stake outranks the lowest
 * member. This keeper does that: once per epoch (checked on a slow timer against the node's cached
 * epoch), if the node is registered but outside the set, it tries to join ({@link ActiveSetJoin});
 * the contract's "set full" and "stake below minimum" answers are expected and only logged, once per
 * epoch. Joining costs gas only when it succeeds (a refusal is caught at gas estimation). A failed
 * chain read is retried at the next tick.
 *
 * <p>Thread-safe; runs on its own daemon thread. Off with {@code chain.join_active_set: false}.
 */
public final class ActiveSetKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveSetKeeper.class);

  private final String name;
  private final ControlPlane controlPlane;
  private final Address nodeId;
  private final LongSupplier currentEpoch;
  private final long timeoutMillis;
  private final Object lock = new Object();
  private final Object timerLock = new Object();
  private ScheduledExecutorService timer; // guarded by timerLock
  private volatile boolean closed;
  private long checkedEpoch = Long.MIN_VALUE; // guarded by lock
  private boolean failing; // guarded by lock
  private volatile ActiveSetJoin.Result last;

  /**
   * @param name the node's name (log prefix)
   * @param controlPlane the node's control plane (its account is the node ID)
   * @param currentEpoch the node's view of the current epoch (a cheap, cached read)
   * @param timeoutMillis longest wait for one chain call
   */
  public ActiveSetKeeper(String name, ControlPlane controlPlane, LongSupplier currentEpoch, long timeoutMillis) {
    this.name = name;
    this.controlPlane = controlPlane;
    this.nodeId = controlPlane.account();
    this.currentEpoch = currentEpoch;
    this.timeoutMillis = timeoutMillis;
  }

  /** Checks now and then every {@code period} (a new epoch is acted on within one period). */
  public void start(Duration period) {
    synchronized (timerLock) {
      if (timer != null) {
        throw new IllegalStateException(name + ": active-set keeper already started");
      }
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, name + "-active-set");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    try {
      checkEpoch(currentEpoch.getAsLong());
    } catch (RuntimeException e) {
      // logged by checkEpoch; an unexpected failure must not cancel the timer
      LOG.debug("{}: active-set check failed: {}", name, e.toString());
    }
  }

  /**
   * Checks once for {@code epoch} unless that epoch was checked already; returns the outcome, or
   * empty when there was nothing to do. A chain failure is logged (once until it clears) and leaves
   * the epoch unchecked, so the next call tries again.
   */
  public Optional<ActiveSetJoin.Result> checkEpoch(long epoch) {
    synchronized (lock) {
      if (epoch <= checkedEpoch) {
        return Optional.empty();
      }
      ActiveSetJoin.Result r;
      try {
        r = ActiveSetJoin.attempt(controlPlane, nodeId, timeoutMillis);
      } catch (ChainException e) {
        if (!failing && !closed) {
          LOG.warn("{}: cannot check the node's place in the active set (retrying): {}", name, e.getMessage());
          failing = true;
        }
        throw e;
      }
      failing = false;
      checkedEpoch = epoch;
      last = r;
      switch (r.outcome()) {
        case ALREADY_ACTIVE -> LOG.debug("{}: epoch {}: {}", name, epoch, r.describe());
        case JOINED -> LOG.info("{}: epoch {}: {}", name, epoch, r.describe());
        case NOT_REGISTERED, SET_FULL, STAKE_BELOW_MINIMUM -> LOG.warn("{}: epoch {}: outside the active set, so"
            + " it cannot be selected for a committee: {}", name, epoch, r.describe());
      }
      return Optional.of(r);
    }
  }

  /** The outcome of the latest check, if any. */
  public Optional<ActiveSetJoin.Result> lastResult() {
    return Optional.ofNullable(last);
  }

  /** Stops the timer (the control plane belongs to the caller). */
  @Override
  public void close() {
    closed = true;
    synchronized (timerLock) {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }
}
