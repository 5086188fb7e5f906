package dev.floe.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexer's database on a real SQLite file (the default backend). */
class IndexStoreSqliteTest extends IndexStoreContract {
  @TempDir Path dir;

  @Override
  String url() {
    return "jdbc:sqlite:" + dir.resolve("index.db");
  }

  @Test
  void isASqliteStore() {
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      assertThat(store.isSqlite()).isTrue();
    }
  }

  @Override
  void refuseEventsOfBlock(long block) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute("CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.block_number = " + block
          + " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    }
  }

  @Test
  void redactsCredentialsInUrls() {
    assertThat(IndexStore.redact("jdbc:postgresql://db:5432/floe?user=floe&password=s3cret"))
        .doesNotContain("s3cret").contains("password=***");
    assertThat(IndexStore.redact("jdbc:postgresql://floe:s3cret@db/floe")).doesNotContain("s3cret");
  }
}
