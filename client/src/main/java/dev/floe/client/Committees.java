package dev.floe.client;

import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochState;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epochs' committees as {@link NodeDirectory}s: the current one for writes, and for reads the
 * current one or, during an epoch change, the previous and the current one ({@link ReadCommittee}).
 * A directory is cached per epoch for at most {@link #MAX_AGE_NANOS} (node addresses may change
 * within an epoch). Thread-safe.
 */
final class Committees {
  private static final Logger LOG = LoggerFactory.getLogger(Committees.class);
  static final long MAX_AGE_NANOS = 30_000_000_000L;
  /** Epochs cached at most (the current and the previous one, with room for a change in between). */
  private static final int MAX_CACHED = 4;

  private final ControlPlane controlPlane;
  private final NodeTransport transport;
  private final Map<Integer, Cached> cache = new HashMap<>();

  private record Cached(NodeDirectory directory, long at) {}

  Committees(ControlPlane controlPlane, NodeTransport transport) {
    this.controlPlane = controlPlane;
    this.transport = transport;
  }

  /** The committee of the chain's current epoch. */
  NodeDirectory current() {
    return at(Futures.await(controlPlane.epochState()).epoch());
  }

  /**
   * Where reads of a blob first certified in {@code certifiedEpoch} go, given the chain's epoch
   * {@code state}: the current committee, or during an epoch change both the previous and the current
   * one, in the order {@link ReadCommittee#previousFirst} gives.
   */
  ReadCommittee forRead(EpochState state, OptionalInt certifiedEpoch) {
    NodeDirectory current = at(state.epoch());
    if (!ReadCommittee.duringChange(state)) {
      return ReadCommittee.of(current);
    }
    NodeDirectory previous;
    try {
      previous = at(state.epoch() - 1);
    } catch (FloeClientException e) {
      LOG.warn("epoch change to {} in progress but the previous committee is unknown ({}); reading from the"
          + " current committee only", state.epoch(), e.getMessage());
      return ReadCommittee.of(current);
    }
    return ReadCommittee.previousFirst(state.epoch(), certifiedEpoch)
        ? ReadCommittee.during(previous, current)
        : ReadCommittee.during(current, previous);
  }

  /** The committee of {@code epoch}. */
  NodeDirectory at(int epoch) {
    synchronized (this) {
      Cached c = cache.get(epoch);
      if (c != null && System.nanoTime() - c.at() < MAX_AGE_NANOS) {
        return c.directory();
      }
    }
    CommitteeInfo committee = Futures.await(controlPlane.committee(epoch));
    if (committee.isEmpty()) {
      throw new FloeClientException(
          "epoch " + epoch + " has no storage committee yet: no blob can be stored or read until nodes are"
              + " registered, staked and the first epoch change happened");
    }
    NodeDirectory directory = new NodeDirectory(committee, transport);
    synchronized (this) {
      cache.put(epoch, new Cached(directory, System.nanoTime()));
      if (cache.size() > MAX_CACHED) {
        int oldest = cache.keySet().stream().mapToInt(Integer::intValue).min().orElseThrow();
        cache.remove(oldest);
      }
    }
    return directory;
  }
}
