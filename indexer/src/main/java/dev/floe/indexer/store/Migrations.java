package dev.floe.indexer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database written by an older indexer up to {@link Schema#VERSION}, inside the opening
 * transaction (SQLite and PostgreSQL both roll DDL back with it). Each step is idempotent: a column
 * is added only when it is missing, so a step interrupted before the version was recorded is simply
 * run again.
 *
 * <ul>
 *   <li>1 → 2: {@code events.block_time} (the Unix time of the event's block). Rows indexed before
 *       keep it null until the indexer fills it in from the chain (see {@code EventIndexer}).
 * </ul>
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** Migrates a database of schema {@code version} (older than {@link Schema#VERSION}). */
  static void migrate(Connection c, int version) throws SQLException {
    if (version < 1 || version >= Schema.VERSION) {
      throw new IllegalArgumentException("no migration from schema version " + version);
    }
    if (version < 2 && !hasColumn(c, "events", "block_time")) {
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE events ADD COLUMN block_time BIGINT");
      }
    }
    try (PreparedStatement up = c.prepareStatement("UPDATE indexer_meta SET schema_version = ? WHERE id = 1")) {
      up.setInt(1, Schema.VERSION);
      up.executeUpdate();
    }
    LOG.info("indexer store: migrated the database from schema version {} to {}", version, Schema.VERSION);
  }

  /** Whether {@code table} has {@code column} (asks for no row, only the result's shape). */
  static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        if (meta.getColumnName(i).equalsIgnoreCase(column)) {
          return true;
        }
      }
      return false;
    }
  }
}
