package dev.floe.core.protocol;

import java.time.Duration;
import java.util.Map;

/**
 * {@code GET /v1/health} (Walrus {@code ServiceHealthInfo}, with the node name added).
 *
 * @param nodeName the operator-chosen node name
 * @param uptime time since the node started, JSON {@code {"secs":..,"nanos":..}}
 * @param epoch the epoch the node is in
 * @param publicKey the protocol public key (hex of the 64-byte secp256k1 x‖y)
 * @param nodeStatus e.g. {@code Active}, {@code Standby}, {@code RecoveryCatchUp}
 * @param eventProgress chain events processed
 * @param shardSummary the owned shards by state
 * @param shardDetail shard index to state name (only with {@code ?detailed=true}, else empty)
 */
public record HealthInfo(
    String nodeName,
    Duration uptime,
    long epoch,
    String publicKey,
    String nodeStatus,
    EventProgress eventProgress,
    ShardSummary shardSummary,
    Map<Integer, String> shardDetail) {

  /**
   * @param persisted events whose effects are persisted
   * @param pending events seen but not yet processed
   * @param highestFinishedEventIndex sequence number of the last processed event, -1 if none
   */
  public record EventProgress(long persisted, long pending, long highestFinishedEventIndex) {}

  /**
   * @param owned shards the node owns this epoch
   * @param ready owned shards that are up to date
   * @param inTransfer owned shards being transferred in
   * @param inRecovery owned shards being recovered
   * @param unknown owned shards in an unknown state
   * @param readOnly shards no longer owned but still served for reads
   */
  public record ShardSummary(int owned, int ready, int inTransfer, int inRecovery, int unknown, int readOnly) {}
}
