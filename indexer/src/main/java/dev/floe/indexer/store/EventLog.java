package dev.floe.indexer.store;

import dev.floe.controlplane.events.EventId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queries and updates of the {@code events} table beyond appending (which {@link EventApplier}
 * does): the paged, range-filtered listing and the block times.
 */
final class EventLog {
  private EventLog() {}

  /** Events after {@code after} (exclusive) within {@code range}, oldest first, at most {@code limit}. */
  static List<IndexedEvent> events(Connection c, EventId after, int limit, EventRange range) throws SQLException {
    String sql = "SELECT block_number, log_index, kind, epoch, blob_id, object_id, node_id, block_time FROM events "
        + "WHERE (block_number > ? OR (block_number = ? AND log_index > ?))" + range.conditions("")
        + " ORDER BY block_number, log_index LIMIT ?";
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setLong(1, after.blockNumber());
      q.setLong(2, after.blockNumber());
      q.setLong(3, after.logIndex());
      int next = range.bind(q, 4);
      q.setInt(next, limit);
      List<IndexedEvent> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          int epoch = rs.getInt(4);
          Optional<Integer> maybeEpoch = rs.wasNull() ? Optional.empty() : Optional.of(epoch);
          long time = rs.getLong(8);
          Optional<Instant> maybeTime = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(time));
          out.add(new IndexedEvent(new EventId(rs.getLong(1), rs.getInt(2)), rs.getString(3), maybeEpoch,
              Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
              Optional.ofNullable(rs.getString(7)), maybeTime));
        }
      }
      return out;
    }
  }

  /** Up to {@code limit} block numbers, lowest first, that have events without a block time. */
  static List<Long> blocksWithoutTime(Connection c, int limit) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT DISTINCT block_number FROM events WHERE block_time IS NULL ORDER BY block_number LIMIT ?")) {
      q.setInt(1, limit);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    }
  }

  /** Records the time of each block in {@code times} on its events that have none yet. */
  static void setBlockTimes(Connection c, Map<Long, Instant> times) throws SQLException {
    if (times.isEmpty()) {
      return;
    }
    try (PreparedStatement up = c.prepareStatement(
        "UPDATE events SET block_time = ? WHERE block_number = ? AND block_time IS NULL")) {
      for (Map.Entry<Long, Instant> e : times.entrySet()) {
        up.setLong(1, e.getValue().getEpochSecond());
        up.setLong(2, e.getKey());
        up.addBatch();
      }
      up.executeBatch();
    }
  }
}
