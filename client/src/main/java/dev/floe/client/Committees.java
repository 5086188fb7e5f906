package dev.floe.client;

import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ControlPlane;

/**
 * The current committee as a {@link NodeDirectory}, refreshed when the epoch changes and at least
 * every {@link #MAX_AGE_NANOS} (node addresses may change within an epoch). Thread-safe.
 */
final class Committees {
  private final ControlPlane controlPlane;
  private final NodeTransport transport;
  static final long MAX_AGE_NANOS = 30_000_000_000L;
  private NodeDirectory cached;
  private long cachedAt;

  Committees(ControlPlane controlPlane, NodeTransport transport) {
    this.controlPlane = controlPlane;
    this.transport = transport;
  }

  /** The committee of the chain's current epoch. */
  NodeDirectory current() {
    int epoch = Futures.await(controlPlane.epochState()).epoch();
    synchronized (this) {
      if (cached != null && cached.epoch() == epoch && System.nanoTime() - cachedAt < MAX_AGE_NANOS) {
        return cached;
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
      cached = directory;
      cachedAt = System.nanoTime();
    }
    return directory;
  }
}
