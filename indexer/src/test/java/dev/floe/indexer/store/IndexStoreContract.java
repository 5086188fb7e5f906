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
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import java.util.List;
import java.util.Optional;
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
