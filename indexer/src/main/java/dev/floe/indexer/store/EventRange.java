package dev.floe.indexer.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which part of the chain a query looks at: a block range and a time range, each bound optional.
 * Blocks are inclusive on both ends (as in {@code eth_getLogs}); times are half-open, {@code
 * [fromTime, toTime)}, by the timestamp of the event's block, so consecutive windows never overlap.
 * With a time bound, events whose block time is not known yet (rows of an older database still
 * being filled in) do not match.
 *
 * @param fromBlock the first block, inclusive
 * @param toBlock the last block, inclusive
 * @param fromTime the earliest block time, inclusive
 * @param toTime the block time the range ends before, exclusive
 */
public record EventRange(
    OptionalLong fromBlock, OptionalLong toBlock, Optional<Instant> fromTime, Optional<Instant> toTime) {

  /** No bounds: the whole chain. */
  public static final EventRange ALL =
      new EventRange(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());

  /**
   * @throws IllegalArgumentException for a negative block, a block range that ends before it starts,
   *     or a time range that is empty
   */
  public EventRange {
    if (fromBlock == null || toBlock == null || fromTime == null || toTime == null) {
      throw new IllegalArgumentException("range bounds must not be null (use empty optionals)");
    }
    if (fromBlock.isPresent() && fromBlock.getAsLong() < 0) {
      throw new IllegalArgumentException("fromBlock must be >= 0, got " + fromBlock.getAsLong());
    }
    if (toBlock.isPresent() && toBlock.getAsLong() < 0) {
      throw new IllegalArgumentException("toBlock must be >= 0, got " + toBlock.getAsLong());
    }
    if (fromBlock.isPresent() && toBlock.isPresent() && fromBlock.getAsLong() > toBlock.getAsLong()) {
      throw new IllegalArgumentException("fromBlock (" + fromBlock.getAsLong() + ") is after toBlock ("
          + toBlock.getAsLong() + "); both are inclusive");
    }
    if (fromTime.isPresent() && toTime.isPresent() && !fromTime.get().isBefore(toTime.get())) {
      throw new IllegalArgumentException("fromTime (" + fromTime.get() + ") must be before toTime (" + toTime.get()
          + "); toTime is exclusive");
    }
  }

  /** Whether this range has no bound at all. */
  public boolean isAll() {
    return fromBlock.isEmpty() && toBlock.isEmpty() && fromTime.isEmpty() && toTime.isEmpty();
  }

  /** Whether this range bounds block times (so it needs known block times). */
  public boolean hasTimeBound() {
    return fromTime.isPresent() || toTime.isPresent();
  }

  /**
   * The SQL conditions of this range on the {@code events} table (columns prefixed with {@code
   * alias.} when given), each starting with {@code " AND "}; empty for {@link #ALL}.
   */
  String conditions(String alias) {
    String p = alias.isEmpty() ? "" : alias + ".";
    StringBuilder sql = new StringBuilder();
    fromBlock.ifPresent(b -> sql.append(" AND ").append(p).append("block_number >= ?"));
    toBlock.ifPresent(b -> sql.append(" AND ").append(p).append("block_number <= ?"));
    fromTime.ifPresent(t -> sql.append(" AND ").append(p).append("block_time >= ?"));
    toTime.ifPresent(t -> sql.append(" AND ").append(p).append("block_time < ?"));
    return sql.toString();
  }

  /** Binds the parameters of {@link #conditions} from position {@code index}; returns the next position. */
  int bind(PreparedStatement st, int index) throws SQLException {
    int i = index;
    if (fromBlock.isPresent()) {
      st.setLong(i++, fromBlock.getAsLong());
    }
    if (toBlock.isPresent()) {
      st.setLong(i++, toBlock.getAsLong());
    }
    if (fromTime.isPresent()) {
      st.setLong(i++, ceilSeconds(fromTime.get()));
    }
    if (toTime.isPresent()) {
      st.setLong(i++, ceilSeconds(toTime.get()));
    }
    return i;
  }

  /**
   * Block times are whole seconds: {@code t >= from} and {@code t < to} hold for a whole second
   * {@code t} exactly when they hold against the bound rounded up.
   */
  private static long ceilSeconds(Instant t) {
    return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
  }
}
