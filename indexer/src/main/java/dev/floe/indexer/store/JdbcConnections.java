package dev.floe.indexer.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens and checks the indexer store's JDBC connections (SQLite pragmas, auto-commit, read-only). */
final class JdbcConnections {
  private JdbcConnections() {}

  /** The connection pages are applied on: no auto-commit (one transaction per page). */
  static Connection writer(String jdbcUrl) throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl);
    try {
      if (jdbcUrl.startsWith("jdbc:sqlite:")) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA journal_mode=WAL");
          st.execute("PRAGMA synchronous=FULL");
          st.execute("PRAGMA busy_timeout=10000");
        }
      }
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      IndexStore.closeQuietly(c);
      throw e;
    }
  }

  /** The connection queries run on (auto-commit; read-only on a server database). */
  static Connection reader(String jdbcUrl) throws SQLException {
    Connection c = DriverManager.getConnection(jdbcUrl);
    try {
      if (jdbcUrl.startsWith("jdbc:sqlite:")) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA busy_timeout=10000");
        }
      }
      c.setReadOnly(!jdbcUrl.startsWith("jdbc:sqlite:")); // SQLite's flag only applies before connect
      return c;
    } catch (SQLException e) {
      IndexStore.closeQuietly(c);
      throw e;
    }
  }

  /** Whether {@code c} is open and its server still answers (a dead session is not). */
  static boolean isAlive(Connection c) {
    try {
      return !c.isClosed() && c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }
}
