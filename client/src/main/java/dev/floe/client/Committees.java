package dev.floe.client;

import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ControlPlane;

/**
 * The current committee as a {@link NodeDirectory}, refreshed when the epoch changes. Thread-safe.
 */
final class Committees {
  private final ControlPlane controlPlane;
  private final NodeTransport transport;
  private NodeDirectory cached;

  Committees(ControlPlane controlPlane, NodeTransport transport) {
    this.controlPlane = controlPlane;
    this.transport = transport;
  }

  /** The committee of the chain's current epoch. */
  NodeDirectory current() {
    int epoch = Futures.await(controlPlane.epochState()).epoch();
    synchronized (this) {
      if (cached != null && cached.epoch() == epoch) {
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
    }
    return directory;
  }
}
