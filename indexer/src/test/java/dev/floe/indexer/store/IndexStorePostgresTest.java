package dev.floe.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testkit.PostgresServer;
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

  @Test
  void isAServerStore() {
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      assertThat(store.isSqlite()).isFalse();
    }
  }
}
