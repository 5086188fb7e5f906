package dev.floe.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
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

  @Test
  void aFailedPageLeavesNothingBehind() {
    ObjectId object = objectId();
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(new BlobRegistered(new EventId(1, 0), 0, blobId(), 10, EncodingType.RS2, 2, false, object)),
          EventId.atBlockEnd(1), Optional.empty());
      BlobId second = blobId();
      // the page's second event fails (a trigger stands in for a full disk): the whole page rolls back
      ChainEvent clash = new BlobRegistered(new EventId(2, 0), 0, second, 10, EncodingType.RS2, 2, false, objectId());
      try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
        st.execute("CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.block_number = 3 "
            + "BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
      ChainEvent refused = new BlobRegistered(new EventId(3, 0), 0, blobId(), 10, EncodingType.RS2, 2, false, objectId());
      assertThatThrownBy(() -> store.apply(List.of(clash, refused), EventId.atBlockEnd(3), Optional.empty()))
          .isInstanceOf(IndexStoreException.class).hasMessageContaining("disk full");
      assertThat(store.cursor().orElseThrow().id()).isEqualTo(EventId.atBlockEnd(1));
      assertThat(store.blob(second).objects()).as("rolled back with the page").isEmpty();
    }
  }

  @Test
  void redactsCredentialsInUrls() {
    assertThat(IndexStore.redact("jdbc:postgresql://db:5432/floe?user=floe&password=s3cret"))
        .doesNotContain("s3cret").contains("password=***");
    assertThat(IndexStore.redact("jdbc:postgresql://floe:s3cret@db/floe")).doesNotContain("s3cret");
  }
}
