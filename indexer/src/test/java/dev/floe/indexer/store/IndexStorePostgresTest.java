package dev.floe.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EventId;
import dev.floe.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indexer's database on a real PostgreSQL server (a throwaway cluster started for this class;
 * fails, never skips, when PostgreSQL is not installed).
 */
class IndexStorePostgresTest extends IndexStoreContract {
  private static PostgresServer server;
  private String url;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void createDatabase() {
    url = server.newDatabase();
  }

  @Override
  String url() {
    return url;
  }

  @Override
  void refuseEventsOfBlock(long block) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
          + "RAISE EXCEPTION 'disk full'; END $$");
      st.execute("CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.block_number = " + block
          + ") EXECUTE FUNCTION refuse()");
    }
  }

  @Test
  void holdsNoTransactionOpenWhileTheChainIsIdleSoAnIdleInTransactionTimeoutKillsNothing() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      // a common server setting; new sessions of this database get it
      st.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = 300', "
          + "current_database()); END $$");
    }
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(new EpochChangeStarted(new EventId(1, 0), 1)), EventId.atBlockEnd(1), Optional.of(HASH));
      // what the follower and /v1/health do between pages: read the cursor; then nothing new for a while
      assertThat(store.cursor()).isPresent();
      assertThat(store.blocksWithoutTime(10)).containsExactly(1L);
      assertThat(idleInTransaction()).as("sessions left idle in a transaction").isZero();
      Thread.sleep(800);
      store.apply(List.of(new EpochChangeStarted(new EventId(2, 0), 2)), EventId.atBlockEnd(2), Optional.of(HASH));
      assertThat(store.currentEpoch()).isEqualTo(2);
    }
  }

  @Test
  void opensItsConnectionsAgainAfterTheServerEndedThemAndAppliesTheRetriedPage() throws Exception {
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(new EpochChangeStarted(new EventId(1, 0), 1)), EventId.atBlockEnd(1), Optional.of(HASH));
      assertThat(store.currentEpoch()).isEqualTo(1);
      // the server ends every session of the database (a restart, a failover, an administrator)
      try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND pid <> pg_backend_pid()");
      }
      List<ChainEvent> page = List.of(new EpochChangeStarted(new EventId(2, 0), 2));
      // the first use of each dead connection fails, as a lost connection does; the retry succeeds
      assertThatThrownBy(() -> store.apply(page, EventId.atBlockEnd(2), Optional.of(HASH)))
          .isInstanceOf(IndexStoreException.class);
      store.apply(page, EventId.atBlockEnd(2), Optional.of(HASH));
      assertThatThrownBy(store::currentEpoch).isInstanceOf(IndexStoreException.class);
      assertThat(store.currentEpoch()).isEqualTo(2);
      assertThat(store.cursor().orElseThrow().id()).isEqualTo(EventId.atBlockEnd(2));
      assertThat(store.cursor().orElseThrow().eventsIndexed()).isEqualTo(2);
    }
  }

  private long idleInTransaction() throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND state LIKE 'idle in transaction%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void isAServerStore() {
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      assertThat(store.isSqlite()).isFalse();
    }
  }
}
