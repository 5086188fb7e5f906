package dev.floe.indexer.store;

import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.core.blob.BlobId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer's database over JDBC: SQLite by default ({@code jdbc:sqlite:FILE}), PostgreSQL by its
 * JDBC URL. Each page of chain events is applied in one transaction together with the cursor (and
 * the hash of the cursor's block), so after a crash the views and the cursor always agree and the
 * indexer resumes exactly where it stopped. A database belongs to one deployment: opening it for
 * another chain or system contract is refused. Thread-safe: writes and reads use separate
 * connections, each used by one thread at a time. No transaction stays open between calls, and a
 * connection the database server ended is opened again after the failure it caused, so the
 * caller's retry (the follower retries a failed page) succeeds once the server is back.
 */
public final class IndexStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);

  private final String url;
  /** Guarded by {@code this}; replaced when its connection was lost. */
  private Connection writer;
  /** Guarded by {@link #readLock}; replaced when its connection was lost. */
  private Connection reader;
  private final Object readLock = new Object();
  private final boolean sqlite;

  private IndexStore(String url, Connection writer, Connection reader) {
    this.url = url;
    this.writer = writer;
    this.reader = reader;
    this.sqlite = url.startsWith("jdbc:sqlite:");
  }

  /**
   * Opens (creating the tables if needed) the database at {@code jdbcUrl} for the deployment on
   * chain {@code chainId} whose system contract is {@code systemContract}.
   *
   * @throws IndexStoreException when the database cannot be opened, has another schema version or
   *     belongs to another deployment
   */
  public static IndexStore open(String jdbcUrl, long chainId, String systemContract) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IndexStoreException("the database must be a JDBC URL (jdbc:sqlite:FILE or jdbc:postgresql://...), got '"
          + jdbcUrl + "'");
    }
    Connection writer = null;
    Connection reader = null;
    try {
      writer = JdbcConnections.writer(jdbcUrl);
      IndexStore store;
      createTables(writer);
      checkDeployment(writer, chainId, systemContract.toLowerCase());
      createIndexes(writer);
      writer.commit();
      reader = JdbcConnections.reader(jdbcUrl);
      store = new IndexStore(jdbcUrl, writer, reader);
      LOG.info("indexer store: opened {} (cursor {})", redact(jdbcUrl), store.cursor().map(Object::toString).orElse("none"));
      return store;
    } catch (SQLException e) {
      closeQuietly(writer);
      closeQuietly(reader);
      throw new IndexStoreException("cannot open the indexer database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(writer);
      closeQuietly(reader);
      throw e;
    }
  }

  /**
   * After a failure on the writer: when its connection is gone (a database server restarted or
   * ended the session), opens a new one, so that the caller's retry can succeed.
   */
  private void reviveWriter() {
    if (JdbcConnections.isAlive(writer)) {
      return;
    }
    closeQuietly(writer);
    try {
      writer = JdbcConnections.writer(url);
      LOG.warn("indexer store: the connection to {} was lost; reconnected", redact(url));
    } catch (SQLException e) {
      LOG.warn("indexer store: the connection to {} was lost and cannot be opened again yet: {}", redact(url),
          e.getMessage());
    }
  }

  /** Like {@link #reviveWriter()} for the query connection; call holding {@link #readLock}. */
  private void reviveReader() {
    if (JdbcConnections.isAlive(reader)) {
      return;
    }
    closeQuietly(reader);
    try {
      reader = JdbcConnections.reader(url);
      LOG.warn("indexer store: the query connection to {} was lost; reconnected", redact(url));
    } catch (SQLException e) {
      LOG.warn("indexer store: the query connection to {} was lost and cannot be opened again yet: {}", redact(url),
          e.getMessage());
    }
  }

  private static void createTables(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String ddl : Schema.TABLES) {
        st.execute(ddl);
      }
    }
  }

  private static void createIndexes(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String ddl : Schema.INDEXES) {
        st.execute(ddl);
      }
    }
  }

  private static void checkDeployment(Connection c, long chainId, String system) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT schema_version, chain_id, system_contract FROM indexer_meta WHERE id = 1");
        ResultSet rs = q.executeQuery()) {
      if (rs.next()) {
        int version = rs.getInt(1);
        if (version > Schema.VERSION || version < 1) {
          throw new IndexStoreException("the indexer database has schema version " + version + ", this indexer knows "
              + "versions 1 to " + Schema.VERSION + "; use a newer indexer, or drop the database and let the indexer"
              + " rebuild it from the chain");
        }
        if (rs.getLong(2) != chainId || !rs.getString(3).equalsIgnoreCase(system)) {
          throw new IndexStoreException("the indexer database belongs to system " + rs.getString(3) + " on chain "
              + rs.getLong(2) + ", not to " + system + " on chain " + chainId + "; use another database");
        }
        if (version < Schema.VERSION) {
          Migrations.migrate(c, version);
        }
        return;
      }
    }
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO indexer_meta (id, schema_version, chain_id, system_contract) VALUES (1, ?, ?, ?)")) {
      ins.setInt(1, Schema.VERSION);
      ins.setLong(2, chainId);
      ins.setString(3, system);
      ins.executeUpdate();
    }
  }

  // ---------------------------------------------------------------- writes

  /**
   * Applies {@code events} (in chain order, all after the current cursor) and moves the cursor to
   * {@code cursor} (whose block has hash {@code cursorBlockHash}, when known), in one transaction.
   * Events at or before the current cursor are skipped, so a page applied twice changes nothing.
   */
  public void apply(List<ChainEvent> events, EventId cursor, Optional<String> cursorBlockHash) {
    apply(events, cursor, cursorBlockHash, Map.of());
  }

  /**
   * Like {@link #apply(List, EventId, Optional)}, recording in the same transaction the timestamp of
   * each block in {@code blockTimes} on its events (those of this page and any earlier ones without
   * a time).
   */
  public void apply(List<ChainEvent> events, EventId cursor, Optional<String> cursorBlockHash,
      Map<Long, Instant> blockTimes) {
    apply(events, cursor, cursorBlockHash, blockTimes, Map.of());
  }

  /**
   * Like {@link #apply(List, EventId, Optional, Map)}, also recording, after the events, the details
   * read from the chain of the nodes whose {@code NodeUpdated} events are in the page ({@code
   * nodeDetails}, by node ID), so that the nodes view and the cursor move together.
   */
  public synchronized void apply(List<ChainEvent> events, EventId cursor, Optional<String> cursorBlockHash,
      Map<Long, Instant> blockTimes, Map<String, NodeDetails> nodeDetails) {
    try {
      Optional<IndexCursor> current = cursorOn(writer);
      long applied = 0;
      for (ChainEvent e : events) {
        if (current.isPresent() && e.id().compareTo(current.get().id()) <= 0) {
          continue;
        }
        EventApplier.apply(writer, e);
        applied++;
      }
      EventLog.setBlockTimes(writer, blockTimes);
      for (Map.Entry<String, NodeDetails> node : nodeDetails.entrySet()) {
        EventApplier.updateNode(writer, node.getKey(), node.getValue());
      }
      if (current.isEmpty() || cursor.compareTo(current.get().id()) >= 0) {
        long total = current.map(IndexCursor::eventsIndexed).orElse(0L) + applied;
        upsertCursor(cursor, cursorBlockHash.orElse(null), total);
      }
      writer.commit();
    } catch (SQLException | RuntimeException e) {
      rollback();
      reviveWriter();
      if (e instanceof IndexStoreException ise) {
        throw ise;
      }
      throw new IndexStoreException("cannot apply " + events.size() + " events up to " + cursor + ": " + e.getMessage(), e);
    }
  }

  /**
   * Up to {@code limit} block numbers, lowest first, that have indexed events without a block time
   * (events indexed by a version before block times were recorded).
   */
  public synchronized List<Long> blocksWithoutTime(int limit) {
    try {
      List<Long> blocks = EventLog.blocksWithoutTime(writer, limit);
      endReadOnWriter();
      return blocks;
    } catch (SQLException e) {
      rollback();
      reviveWriter();
      throw new IndexStoreException("cannot list blocks without a time: " + e.getMessage(), e);
    }
  }

  /**
   * Ends the transaction a read on the writer (which does not auto-commit) opened: none stays open
   * between pages, where it would pin an old snapshot (SQLite: the next page fails with
   * SQLITE_BUSY_SNAPSHOT after any other connection wrote) and sit "idle in transaction" on a server
   * database, whose idle-in-transaction timeout would end the writer's connection.
   */
  private void endReadOnWriter() throws SQLException {
    writer.commit();
  }

  /** Records the timestamp of each block in {@code blockTimes} on its events that have none yet. */
  public synchronized void setBlockTimes(Map<Long, Instant> blockTimes) {
    try {
      EventLog.setBlockTimes(writer, blockTimes);
      writer.commit();
    } catch (SQLException e) {
      rollback();
      reviveWriter();
      throw new IndexStoreException("cannot record " + blockTimes.size() + " block times: " + e.getMessage(), e);
    }
  }

  private void upsertCursor(EventId cursor, String hash, long total) throws SQLException {
    String sql = "INSERT INTO indexer_cursor (id, block_number, log_index, block_hash, events_indexed) VALUES (1, ?, ?, ?, ?) "
        + "ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, log_index = excluded.log_index, "
        + "block_hash = excluded.block_hash, events_indexed = excluded.events_indexed";
    try (PreparedStatement st = writer.prepareStatement(sql)) {
      st.setLong(1, cursor.blockNumber());
      st.setLong(2, cursor.logIndex());
      st.setString(3, hash);
      st.setLong(4, total);
      st.executeUpdate();
    }
  }

  private void rollback() {
    try {
      writer.rollback();
    } catch (SQLException e) {
      LOG.warn("indexer store: rollback failed: {}", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- reads

  /** Where indexing stopped: the last applied position, its block's hash and the events indexed. */
  public synchronized Optional<IndexCursor> cursor() {
    try {
      Optional<IndexCursor> cursor = cursorOn(writer);
      endReadOnWriter();
      return cursor;
    } catch (SQLException e) {
      rollback();
      reviveWriter();
      throw new IndexStoreException("cannot read the cursor: " + e.getMessage(), e);
    }
  }

  /**
   * The cursor as last committed, read on the query connection: unlike {@link #cursor()} it does not
   * wait for a page being applied (for {@code /v1/health}, which must answer while a slow page runs).
   */
  public Optional<IndexCursor> committedCursor() {
    return read(IndexStore::cursorOn);
  }

  private static Optional<IndexCursor> cursorOn(Connection c) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT block_number, log_index, block_hash, events_indexed FROM indexer_cursor WHERE id = 1");
        ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      long log = rs.getLong(2);
      EventId id = new EventId(rs.getLong(1), (int) Math.min(log, Integer.MAX_VALUE));
      return Optional.of(new IndexCursor(id, Optional.ofNullable(rs.getString(3)), rs.getLong(4)));
    }
  }

  /** Everything indexed about {@code blobId}: its registrations and whether it was invalidated. */
  public BlobView blob(BlobId blobId) {
    String id = blobId.toString();
    return read(c -> {
      List<BlobObjectView> objects = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT object_id, size, encoding_type, registered_epoch, end_epoch, deletable, certified_epoch, deleted "
              + "FROM blob_objects WHERE blob_id = ? ORDER BY registered_block, object_id")) {
        q.setString(1, id);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            objects.add(new BlobObjectView(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                rs.getInt(6) != 0, optionalInt(rs, 7), rs.getInt(8) != 0));
          }
        }
      }
      Optional<Integer> invalidated = Optional.empty();
      try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM invalid_blobs WHERE blob_id = ?")) {
        q.setString(1, id);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            invalidated = Optional.of(rs.getInt(1));
          }
        }
      }
      return new BlobView(blobId, objects, invalidated);
    });
  }

  /** The newest epoch whose change started, as SQL (0 before the first committee). */
  private static final String CURRENT_EPOCH =
      "SELECT COALESCE(MAX(epoch), 0) FROM epochs WHERE change_started_block IS NOT NULL";

  /**
   * Blob IDs in ascending order after {@code after} (exclusive; empty = from the start), at most
   * {@code limit}, only those with a live certified registration (certified, not deleted, not
   * expired in the current epoch, not invalidated) when {@code certifiedOnly}.
   */
  public List<String> blobIds(Optional<String> after, int limit, boolean certifiedOnly) {
    return blobIds(after, limit, certifiedOnly, EventRange.ALL);
  }

  /**
   * Like {@link #blobIds(Optional, int, boolean)}, and when {@code certifiedIn} has bounds, only blob
   * IDs that were certified (a {@code BlobCertified} event, not an extension) within that range.
   */
  public List<String> blobIds(Optional<String> after, int limit, boolean certifiedOnly, EventRange certifiedIn) {
    String sql = "SELECT DISTINCT blob_id FROM blob_objects WHERE blob_id > ?"
        + (certifiedOnly ? " AND certified_epoch IS NOT NULL AND deleted = 0 AND end_epoch > (" + CURRENT_EPOCH + ")"
            + " AND blob_id NOT IN (SELECT blob_id FROM invalid_blobs)" : "")
        + (certifiedIn.isAll() ? "" : " AND blob_id IN (SELECT e.blob_id FROM events e WHERE e.kind = 'BlobCertified'"
            + certifiedIn.conditions("e") + ")")
        + " ORDER BY blob_id LIMIT ?";
    return read(c -> {
      try (PreparedStatement q = c.prepareStatement(sql)) {
        q.setString(1, after.orElse(""));
        q.setInt(certifiedIn.bind(q, 2), limit);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        return ids;
      }
    });
  }

  /** The newest epoch whose change started (0 before the first committee). */
  public int currentEpoch() {
    return read(c -> {
      try (PreparedStatement q = c.prepareStatement(CURRENT_EPOCH);
          ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    });
  }

  /** What is indexed about {@code epoch}, if anything. */
  public Optional<EpochView> epoch(int epoch) {
    return read(c -> {
      try (PreparedStatement q = c.prepareStatement(
          "SELECT params_selected_block, change_started_block, change_done_block FROM epochs WHERE epoch = ?")) {
        q.setInt(1, epoch);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            return Optional.<EpochView>empty();
          }
          Optional<Long> selected = optionalLong(rs, 1);
          Optional<Long> started = optionalLong(rs, 2);
          Optional<Long> done = optionalLong(rs, 3);
          List<ShardSync> syncs = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(
              "SELECT node_id, shards FROM shard_syncs WHERE epoch = ? ORDER BY node_id")) {
            s.setInt(1, epoch);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                syncs.add(new ShardSync(r.getString(1), parseShards(r.getString(2))));
              }
            }
          }
          List<String> failures = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(
              "SELECT node_id FROM challenge_failures WHERE epoch = ? ORDER BY node_id")) {
            s.setInt(1, epoch);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                failures.add(r.getString(1));
              }
            }
          }
          return Optional.of(new EpochView(epoch, selected, started, done, syncs, failures));
        }
      }
    });
  }

  /** Every registered node, by node ID (unbounded: registering a node costs only gas; prefer the paged form). */
  public List<NodeView> nodes() {
    return nodes(Optional.empty(), Integer.MAX_VALUE);
  }

  /**
   * Registered nodes in ascending node ID order after {@code after} (exclusive; empty = from the
   * start), at most {@code limit}.
   */
  public List<NodeView> nodes(Optional<String> after, int limit) {
    return read(c -> {
      List<NodeView> nodes = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(
          "SELECT n.node_id, n.name, n.network_address, n.protocol_key_address, n.registered_epoch, "
              + "(SELECT COUNT(*) FROM stakes s WHERE s.node_id = n.node_id AND s.withdrawn = 0) "
              + "FROM nodes n WHERE n.node_id > ? ORDER BY n.node_id LIMIT ?")) {
        q.setString(1, after.map(String::toLowerCase).orElse(""));
        q.setInt(2, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            nodes.add(new NodeView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getInt(6)));
          }
        }
      }
      return nodes;
    });
  }

  /** Indexed events after {@code after} (exclusive), oldest first, at most {@code limit}. */
  public List<IndexedEvent> events(EventId after, int limit) {
    return events(after, limit, EventRange.ALL);
  }

  /** Indexed events after {@code after} (exclusive) within {@code range}, oldest first, at most {@code limit}. */
  public List<IndexedEvent> events(EventId after, int limit, EventRange range) {
    return read(c -> EventLog.events(c, after, limit, range));
  }

  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Query<T> query) {
    synchronized (readLock) {
      try {
        return query.run(reader);
      } catch (SQLException e) {
        reviveReader();
        throw new IndexStoreException("indexer query failed: " + e.getMessage(), e);
      }
    }
  }

  private static Optional<Long> optionalLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }

  private static Optional<Integer> optionalInt(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }

  static String formatShards(List<Integer> shards) {
    return shards.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static List<Integer> parseShards(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (String s : text.split(",")) {
      out.add(Integer.parseInt(s));
    }
    return out;
  }

  /** The JDBC URL without user info or password parameters, for logs and errors. */
  public static String redact(String jdbcUrl) {
    if (jdbcUrl == null) {
      return "null";
    }
    String noQuery = jdbcUrl.replaceAll("(?i)([?&;](password|user)=)[^&;]*", "$1***");
    return noQuery.replaceAll("//[^/@]*@", "//***@");
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing after a failure: the first error is the one reported
      }
    }
  }

  /** Whether this store is a SQLite file (else a server database such as PostgreSQL). */
  public boolean isSqlite() {
    return sqlite;
  }

  @Override
  public synchronized void close() {
    synchronized (readLock) {
      closeQuietly(reader);
    }
    closeQuietly(writer);
    LOG.info("indexer store: closed {}", redact(url));
  }
}
