package dev.floe.node.service;

/** The node's overall state, reported by {@code /v1/health} (Walrus node status names). */
public enum NodeStatus {
  /** Starting: catching up with chain events before serving writes normally. */
  RECOVERY_CATCH_UP("RecoveryCatchUp"),
  /** Up to date; owns shards. */
  ACTIVE("Active"),
  /** Up to date; owns no shards in the current epoch. */
  STANDBY("Standby"),
  /** Stopping. */
  STOPPING("Stopping");

  private final String wireName;

  NodeStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the health JSON. */
  public String wireName() {
    return wireName;
  }
}
