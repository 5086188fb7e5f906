package dev.floe.indexer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobDeleted;
import dev.floe.controlplane.events.BlobIdInvalidated;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.NodeRegistered;
import dev.floe.controlplane.events.NodeUpdated;
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every backend of the indexer's database must do: views, cursor, idempotence, ownership checks.
 * Run on a real SQLite file ({@link IndexStoreSqliteTest}) and a real PostgreSQL server ({@link
 * IndexStorePostgresTest}).
 */
abstract class IndexStoreContract {
  static final String SYSTEM = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
  static final String HASH = "0x" + "ab".repeat(32);

  private final Random random = new Random(7);

  /** A JDBC URL of an empty database, the same one on every call within a test. */
  abstract String url();

  /**
   * Makes the database refuse (with the message "disk full") every insert into {@code events} for
   * block {@code block}, as a full disk or a lost connection would, in the middle of a page.
   */
  abstract void refuseEventsOfBlock(long block) throws SQLException;

  @Test
  void aFailedPageLeavesNothingBehindAndTheSamePageAppliesOnceTheDatabaseIsBack() throws Exception {
    ObjectId object = objectId();
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(new BlobRegistered(new EventId(1, 0), 0, blobId(), 10, EncodingType.RS2, 2, false, object)),
          EventId.atBlockEnd(1), Optional.of(HASH));
      BlobId second = blobId();
      BlobId third = blobId();
      // the page's second event fails: the whole page rolls back, the cursor stays
      List<ChainEvent> page = List.of(
          new BlobRegistered(new EventId(2, 0), 0, second, 10, EncodingType.RS2, 2, false, objectId()),
          new BlobRegistered(new EventId(3, 0), 0, third, 10, EncodingType.RS2, 2, false, objectId()));
      refuseEventsOfBlock(3);
      assertThatThrownBy(() -> store.apply(page, EventId.atBlockEnd(3), Optional.of(HASH),
          Map.of(2L, Instant.EPOCH, 3L, Instant.EPOCH)))
          .isInstanceOf(IndexStoreException.class).hasMessageContaining("disk full");
      assertThat(store.cursor().orElseThrow().id()).isEqualTo(EventId.atBlockEnd(1));
      assertThat(store.cursor().orElseThrow().eventsIndexed()).isEqualTo(1);
      assertThat(store.blob(second).objects()).as("rolled back with the page").isEmpty();
      assertThat(store.events(new EventId(0, 0), 10)).hasSize(1);

      // the database is back: the retried page applies in full, once
      try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
        st.execute("DROP TRIGGER refuse" + (store.isSqlite() ? "" : " ON events"));
      }
      store.apply(page, EventId.atBlockEnd(3), Optional.of(HASH), Map.of(2L, Instant.EPOCH, 3L, Instant.EPOCH));
      assertThat(store.cursor().orElseThrow().eventsIndexed()).isEqualTo(3);
      assertThat(store.blob(second).objects()).hasSize(1);
      assertThat(store.blob(third).objects()).hasSize(1);
    }
  }

  @Test
  void derivesBlobStatusFromRegistrationsCertificationsExtensionsAndDeletions() {
    BlobId permanent = blobId();
    BlobId deletable = blobId();
    ObjectId p = objectId();
    ObjectId d = objectId();
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(
          new BlobRegistered(new EventId(10, 0), 1, permanent, 1_000, EncodingType.RS2, 3, false, p),
          new BlobRegistered(new EventId(10, 1), 1, deletable, 2_000, EncodingType.RS2, 4, true, d)),
          EventId.atBlockEnd(10), Optional.of(HASH));
      assertThat(store.blob(permanent).statusIn(1)).isEqualTo(BlobView.Status.REGISTERED);
      assertThat(store.blob(permanent).statusIn(3)).as("registration paid through epoch 2").isEqualTo(BlobView.Status.EXPIRED);
      assertThat(store.blob(blobId()).statusIn(1)).isEqualTo(BlobView.Status.NONEXISTENT);

      store.apply(List.of(
          new BlobCertified(new EventId(11, 0), 1, permanent, 3, false, p, false),
          new BlobCertified(new EventId(12, 0), 2, permanent, 6, false, p, true),
          new BlobCertified(new EventId(12, 1), 2, deletable, 4, true, d, false),
          new BlobDeleted(new EventId(13, 0), 2, deletable, 4, d, true)),
          EventId.atBlockEnd(13), Optional.empty());
      BlobView view = store.blob(permanent);
      assertThat(view.statusIn(2)).isEqualTo(BlobView.Status.CERTIFIED);
      assertThat(view.certifiedUntil(2)).as("extended to epoch 6").isEqualTo(6);
      assertThat(view.objects().getFirst().certifiedEpoch()).contains(1);
      assertThat(store.blob(deletable).statusIn(2)).isEqualTo(BlobView.Status.DELETED);
      assertThat(store.blobIds(Optional.empty(), 10, true)).containsExactly(permanent.toString());

      store.apply(List.of(new BlobIdInvalidated(new EventId(14, 0), 2, permanent)), EventId.atBlockEnd(14),
          Optional.empty());
      assertThat(store.blob(permanent).statusIn(2)).isEqualTo(BlobView.Status.INVALID);
      assertThat(store.blob(permanent).invalidatedInEpoch()).contains(2);
      assertThat(store.blobIds(Optional.empty(), 10, true)).isEmpty();
      assertThat(store.events(new EventId(0, 0), 100)).extracting(IndexedEvent::kind).containsExactly(
          "BlobRegistered", "BlobRegistered", "BlobCertified", "BlobExtended", "BlobCertified", "BlobDeleted",
          "BlobIdInvalidated");
      assertThat(store.events(new EventId(12, 0), 2)).extracting(e -> e.id().toString()).containsExactly("12:1", "13:0");
    }
  }

  @Test
  void listsAsCertifiedOnlyBlobsThatAreStillStoredInTheCurrentEpoch() {
    BlobId shortLived = blobId();
    BlobId longLived = blobId();
    ObjectId s = objectId();
    ObjectId l = objectId();
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(
          new EpochChangeStarted(new EventId(10, 0), 1),
          new BlobRegistered(new EventId(11, 0), 1, shortLived, 100, EncodingType.RS2, 2, false, s),
          new BlobRegistered(new EventId(11, 1), 1, longLived, 100, EncodingType.RS2, 4, false, l),
          new BlobCertified(new EventId(12, 0), 1, shortLived, 2, false, s, false),
          new BlobCertified(new EventId(12, 1), 1, longLived, 4, false, l, false)),
          EventId.atBlockEnd(12), Optional.of(HASH));
      assertThat(store.blobIds(Optional.empty(), 10, true))
          .containsExactlyInAnyOrder(shortLived.toString(), longLived.toString());

      // epoch 2 starts: the short-lived blob (stored through epoch 1) expired without an event of its own
      store.apply(List.of(new EpochChangeStarted(new EventId(20, 0), 2)), EventId.atBlockEnd(20), Optional.of(HASH));
      assertThat(store.blob(shortLived).statusIn(store.currentEpoch())).isEqualTo(BlobView.Status.EXPIRED);
      assertThat(store.blobIds(Optional.empty(), 10, true)).as("an expired blob is not certified any more")
          .containsExactly(longLived.toString());
      assertThat(store.blobIds(Optional.empty(), 10, true, blocks(12, 12))).containsExactly(longLived.toString());
      assertThat(store.blobIds(Optional.empty(), 10, false)).as("without certified=true every blob ID is listed")
          .hasSize(2);

      // a second registration of the expired blob ID, certified: listed again
      ObjectId again = objectId();
      store.apply(List.of(
          new BlobRegistered(new EventId(21, 0), 2, shortLived, 100, EncodingType.RS2, 3, false, again),
          new BlobCertified(new EventId(21, 1), 2, shortLived, 3, false, again, false)),
          EventId.atBlockEnd(21), Optional.of(HASH));
      assertThat(store.blobIds(Optional.empty(), 10, true))
          .containsExactlyInAnyOrder(shortLived.toString(), longLived.toString());
      assertThat(store.blob(shortLived).certifiedUntil(2)).isEqualTo(3);
    }
  }

  @Test
  void recordsTheDetailsOfAnUpdatedNodeWithThePageThatAnnouncedTheUpdate() {
    Address node = Address.parse("0x" + "7b".repeat(20));
    Address key = Address.parse("0x" + "01".repeat(20));
    Address newKey = Address.parse("0x" + "02".repeat(20));
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      store.apply(List.of(new NodeRegistered(new EventId(3, 0), 0, node, key, "old", "http://old:1")),
          EventId.atBlockEnd(3), Optional.of(HASH));
      List<ChainEvent> page = List.of(new NodeUpdated(new EventId(4, 0), 0, node));
      Map<String, NodeDetails> details = Map.of(node.toHex(), new NodeDetails("new", "https://new:2", newKey.toHex()));
      store.apply(page, EventId.atBlockEnd(4), Optional.of(HASH), Map.of(), details);
      store.apply(page, EventId.atBlockEnd(4), Optional.of(HASH), Map.of(), details); // retried: the same
      assertThat(store.nodes()).singleElement().satisfies(n -> {
        assertThat(n.name()).isEqualTo("new");
        assertThat(n.networkAddress()).isEqualTo("https://new:2");
        assertThat(n.protocolKeyAddress()).isEqualTo(newKey.toHex());
      });
      assertThat(store.cursor().orElseThrow().eventsIndexed()).isEqualTo(2);
    }
  }

  @Test
  void recordsStorageChallengeFailuresInTheirEpochOnce() {
    Address liar = Address.parse("0x" + "5a".repeat(20));
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      List<ChainEvent> page = List.of(
          new EpochChangeStarted(new EventId(20, 0), 3),
          new StorageChallengeFailed(new EventId(21, 0), 3, liar));
      store.apply(page, EventId.atBlockEnd(21), Optional.empty());
      store.apply(page, EventId.atBlockEnd(21), Optional.empty()); // a retried page changes nothing
      assertThat(store.epoch(3).orElseThrow().challengeFailures()).containsExactly(liar.toHex());
      store.apply(List.of(new EpochChangeStarted(new EventId(30, 0), 4)), EventId.atBlockEnd(30), Optional.empty());
      assertThat(store.epoch(4).orElseThrow().challengeFailures()).isEmpty();
      assertThat(store.events(new EventId(0, 0), 10)).extracting(IndexedEvent::kind)
          .containsExactly("EpochChangeStarted", "StorageChallengeFailed", "EpochChangeStarted");
    }
  }

  @Test
  void keepsTheCursorWithItsBlockHashAcrossReopeningAndAppliesAPageOnlyOnce() {
    BlobId id = blobId();
    List<ChainEvent> page = List.of(new BlobRegistered(new EventId(5, 2), 0, id, 10, EncodingType.RS2, 2, false, objectId()));
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      assertThat(store.cursor()).isEmpty();
      store.apply(page, EventId.atBlockEnd(5), Optional.of(HASH));
    }
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      IndexCursor cursor = store.cursor().orElseThrow();
      assertThat(cursor.id()).isEqualTo(EventId.atBlockEnd(5));
      assertThat(cursor.blockHash()).contains(HASH);
      assertThat(cursor.eventsIndexed()).isEqualTo(1);
      store.apply(page, EventId.atBlockEnd(5), Optional.of(HASH)); // a retried page changes nothing
      assertThat(store.cursor().orElseThrow().eventsIndexed()).isEqualTo(1);
      assertThat(store.blob(id).objects()).hasSize(1);
      assertThat(store.events(new EventId(0, 0), 10)).hasSize(1);
    }
  }

  @Test
  void refusesADatabaseOfAnotherDeploymentOrABadUrl() {
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      assertThat(store.cursor()).isEmpty();
    }
    assertThatThrownBy(() -> IndexStore.open(url(), 1, SYSTEM))
        .isInstanceOf(IndexStoreException.class).hasMessageContaining("chain 31337").hasMessageContaining("another database");
    assertThatThrownBy(() -> IndexStore.open(url(), 31337, "0x" + "11".repeat(20)))
        .isInstanceOf(IndexStoreException.class).hasMessageContaining("belongs to system");
    assertThatThrownBy(() -> IndexStore.open("not a jdbc url", 31337, SYSTEM))
        .isInstanceOf(IndexStoreException.class).hasMessageContaining("JDBC URL");
  }

  @Test
  void filtersEventsAndCertifiedBlobsByBlockAndTimeRangesAndPagesWithinThem() {
    BlobId early = blobId();
    BlobId late = blobId();
    ObjectId e = objectId();
    ObjectId l = objectId();
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      // blocks 10..13, one minute apart; block 12 holds a certification and an extension
      store.apply(List.of(
          new BlobRegistered(new EventId(10, 0), 1, early, 100, EncodingType.RS2, 5, false, e),
          new BlobRegistered(new EventId(10, 1), 1, late, 100, EncodingType.RS2, 5, false, l),
          new BlobCertified(new EventId(11, 0), 1, early, 5, false, e, false),
          new BlobCertified(new EventId(12, 0), 1, late, 5, false, l, false),
          new BlobCertified(new EventId(12, 1), 1, early, 7, false, e, true),
          new EpochChangeStarted(new EventId(13, 0), 2)),
          EventId.atBlockEnd(13), Optional.of(HASH),
          Map.of(10L, t0, 11L, t0.plusSeconds(60), 12L, t0.plusSeconds(120), 13L, t0.plusSeconds(180)));
      EventId start = new EventId(0, 0);

      assertThat(store.events(start, 100)).allSatisfy(x -> assertThat(x.blockTime()).isPresent());
      assertThat(store.events(start, 100).getFirst().blockTime()).contains(t0);
      assertThat(ids(store.events(start, 100, blocks(11, 12)))).containsExactly("11:0", "12:0", "12:1");
      assertThat(ids(store.events(start, 100, blocks(12, 12)))).as("both ends inclusive").containsExactly("12:0", "12:1");
      assertThat(ids(store.events(start, 100, new EventRange(OptionalLong.of(13), OptionalLong.empty(),
          Optional.empty(), Optional.empty())))).containsExactly("13:0");
      // [t0+60, t0+180): blocks 11 and 12, not 13
      assertThat(ids(store.events(start, 100, times(t0.plusSeconds(60), t0.plusSeconds(180)))))
          .containsExactly("11:0", "12:0", "12:1");
      // a bound inside a second: block times are whole seconds, t0+59.5 <= t0+60 but not t0+59
      assertThat(ids(store.events(start, 100, times(t0.plusMillis(59_500), t0.plusMillis(60_500)))))
          .containsExactly("11:0");
      assertThat(ids(store.events(start, 100, new EventRange(OptionalLong.of(10), OptionalLong.of(12),
          Optional.of(t0.plusSeconds(100)), Optional.empty())))).as("block and time bounds together")
          .containsExactly("12:0", "12:1");
      // paging within a range: the next page starts after the last event of the previous one
      List<IndexedEvent> first = store.events(start, 2, blocks(10, 12));
      assertThat(ids(first)).containsExactly("10:0", "10:1");
      assertThat(ids(store.events(first.getLast().id(), 2, blocks(10, 12)))).containsExactly("11:0", "12:0");
      assertThat(store.events(start, 100, blocks(20, 30))).isEmpty();

      // blobs certified in a range: the extension in block 12 does not count as a certification
      assertThat(store.blobIds(Optional.empty(), 10, false, blocks(12, 13))).containsExactly(late.toString());
      assertThat(store.blobIds(Optional.empty(), 10, false, times(t0, t0.plusSeconds(61))))
          .containsExactly(early.toString());
      assertThat(store.blobIds(Optional.empty(), 10, true, blocks(11, 12)))
          .containsExactlyElementsOf(java.util.stream.Stream.of(early.toString(), late.toString()).sorted().toList());
      String firstId = store.blobIds(Optional.empty(), 1, false, blocks(11, 12)).getFirst();
      assertThat(store.blobIds(Optional.of(firstId), 10, false, blocks(11, 12))).hasSize(1).doesNotContain(firstId);
      assertThat(store.blobIds(Optional.empty(), 10, false, blocks(13, 13))).isEmpty();
    }
  }

  @Test
  void refusesEmptyOrNegativeRanges() {
    assertThatThrownBy(() -> blocks(5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromBlock (5) is after toBlock (4)");
    assertThatThrownBy(() -> blocks(-1, 4)).hasMessageContaining("fromBlock must be >= 0");
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    assertThatThrownBy(() -> times(t, t)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be before toTime");
    assertThat(EventRange.ALL.isAll()).isTrue();
    assertThat(blocks(1, 1).isAll()).isFalse();
  }

  @Test
  void migratesADatabaseOfSchemaVersionOneAndFillsInBlockTimesLater() throws Exception {
    BlobId id = blobId();
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      // what the first indexer version created: no block_time column, schema version 1
      for (String ddl : Schema.TABLES) {
        st.execute(ddl.replaceAll("\\s*block_time BIGINT,", ""));
      }
      assertThat(Migrations.hasColumn(c, "events", "block_time")).as("the old shape").isFalse();
      st.execute("INSERT INTO indexer_meta (id, schema_version, chain_id, system_contract) VALUES (1, 1, 31337, '"
          + SYSTEM + "')");
      st.execute("INSERT INTO events (block_number, log_index, kind, epoch, blob_id, object_id, node_id) "
          + "VALUES (7, 0, 'BlobRegistered', 1, '" + id + "', NULL, NULL)");
      st.execute("INSERT INTO indexer_cursor (id, block_number, log_index, block_hash, events_indexed) "
          + "VALUES (1, 7, 2147483647, NULL, 1)");
    }
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    try (IndexStore store = IndexStore.open(url(), 31337, SYSTEM)) {
      assertThat(store.cursor().orElseThrow().eventsIndexed()).as("kept").isEqualTo(1);
      assertThat(store.events(new EventId(0, 0), 10)).singleElement()
          .satisfies(e -> assertThat(e.blockTime()).isEmpty());
      assertThat(store.events(new EventId(0, 0), 10, times(t.minusSeconds(3600), t.plusSeconds(3600))))
          .as("no time yet: a time range does not match").isEmpty();
      assertThat(store.events(new EventId(0, 0), 10, blocks(7, 7))).hasSize(1);
      assertThat(store.blocksWithoutTime(10)).containsExactly(7L);
      // a new page records its blocks' times, the old event waits for the backfill
      store.apply(List.of(new EpochChangeStarted(new EventId(8, 0), 2)), EventId.atBlockEnd(8), Optional.empty(),
          Map.of(8L, t.plusSeconds(12)));
      assertThat(store.blocksWithoutTime(10)).containsExactly(7L);
      store.setBlockTimes(Map.of(7L, t));
      assertThat(store.blocksWithoutTime(10)).isEmpty();
      assertThat(ids(store.events(new EventId(0, 0), 10, times(t, t.plusSeconds(1))))).containsExactly("7:0");
    }
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT schema_version FROM indexer_meta")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(Schema.VERSION);
      st.execute("UPDATE indexer_meta SET schema_version = " + (Schema.VERSION + 1));
    }
    assertThatThrownBy(() -> IndexStore.open(url(), 31337, SYSTEM)).isInstanceOf(IndexStoreException.class)
        .hasMessageContaining("schema version " + (Schema.VERSION + 1)).hasMessageContaining("newer indexer");
  }

  static EventRange blocks(long from, long to) {
    return new EventRange(OptionalLong.of(from), OptionalLong.of(to), Optional.empty(), Optional.empty());
  }

  static EventRange times(Instant from, Instant to) {
    return new EventRange(OptionalLong.empty(), OptionalLong.empty(), Optional.of(from), Optional.of(to));
  }

  private static List<String> ids(List<IndexedEvent> events) {
    return events.stream().map(x -> x.id().toString()).toList();
  }

  BlobId blobId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return BlobId.of(b);
  }

  ObjectId objectId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return ObjectId.of(b);
  }
}
