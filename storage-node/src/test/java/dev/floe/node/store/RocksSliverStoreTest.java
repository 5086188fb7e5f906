package dev.floe.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.EventRef;
import dev.floe.node.chain.EventCursor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB store on a real database folder: persistence across reopen, atomic batches, ranges. */
class RocksSliverStoreTest {
  @TempDir Path dir;
  private final Random random = new Random(1);

  private BlobId blobId() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return BlobId.of(b);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @Test
  void everythingAcknowledgedSurvivesAReopen() {
    BlobId id = blobId();
    byte[] md = bytes(700);
    byte[] big = bytes(200_000);
    byte[] small = bytes(10);
    Registration reg = new Registration(bytes(32), false, 1, 5, -1);
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      s.putMetadata(id, md);
      s.putSliver(id, 7, SliverType.PRIMARY, big);
      s.putSliver(id, 7, SliverType.SECONDARY, small);
      s.commit(new StoreBatch().putBlobInfo(id, BlobInfo.registered(123, reg, new EventRef(3, 1)))
          .putShardState(4, ShardState.ACTIVE).advanceCursor(new EventCursor(3, 1), 2));
    }
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      assertThat(s.metadata(id)).get().isEqualTo(md);
      assertThat(s.sliver(id, 7, SliverType.PRIMARY)).get().isEqualTo(big);
      assertThat(s.sliver(id, 7, SliverType.SECONDARY)).get().isEqualTo(small);
      assertThat(s.hasSliver(id, 8, SliverType.PRIMARY)).isFalse();
      assertThat(s.blobInfo(id)).get().extracting(BlobInfo::unencodedLength).isEqualTo(123L);
      assertThat(s.eventCursor()).contains(new EventCursor(3, 1));
      assertThat(s.eventsProcessed()).isEqualTo(2);
      assertThat(s.shardStates()).containsEntry(4, ShardState.ACTIVE);
    }
  }

  @Test
  void deletingABlobRemovesExactlyItsDataAndNotItsNeighbours() {
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      List<BlobId> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        BlobId id = blobId();
        ids.add(id);
        s.putMetadata(id, bytes(10));
        for (int p : new int[] {0, 1, 255, 256, 65535}) {
          s.putSliver(id, p, SliverType.PRIMARY, bytes(20));
          s.putSliver(id, p, SliverType.SECONDARY, bytes(20));
          s.sliver(id, p, SliverType.PRIMARY); // warm the cache
        }
      }
      s.commit(new StoreBatch().deleteBlobData(ids.get(1)).advanceCursor(new EventCursor(9, 0), 1));
      assertThat(s.hasMetadata(ids.get(1))).isFalse();
      for (int p : new int[] {0, 1, 255, 256, 65535}) {
        assertThat(s.sliver(ids.get(1), p, SliverType.PRIMARY)).isEmpty();
        assertThat(s.hasSliver(ids.get(1), p, SliverType.SECONDARY)).isFalse();
        assertThat(s.hasSliver(ids.get(0), p, SliverType.PRIMARY)).isTrue();
        assertThat(s.hasSliver(ids.get(2), p, SliverType.SECONDARY)).isTrue();
      }
      assertThat(s.eventCursor()).contains(new EventCursor(9, 0));
    }
  }

  @Test
  void iteratesBlobInfoInBlobIdOrder() {
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      List<BlobId> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        BlobId id = blobId();
        ids.add(id);
        s.commit(new StoreBatch().putBlobInfo(id,
            BlobInfo.registered(i, new Registration(bytes(32), false, 1, 2, -1), new EventRef(i, 0))));
      }
      List<BlobId> seen = new ArrayList<>();
      s.forEachBlobInfo((id, info) -> seen.add(id));
      assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());
    }
  }
  @Test
  void manyRemovalsAtOnceFreeTheirSpaceInOneFullPass() throws InterruptedException {
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 0, 0)) {
      int blobs = SpaceReclaimer.MAX_RANGES_PER_PASS + 6;
      List<BlobId> ids = new ArrayList<>();
      for (int i = 0; i < blobs; i++) {
        BlobId id = blobId();
        ids.add(id);
        s.putSliver(id, 0, SliverType.PRIMARY, bytes(20_000)); // in blob files (at least 4096 bytes)
        s.putSliver(id, 1, SliverType.SECONDARY, bytes(20_000));
      }
      s.compact(); // flush, so the size estimate counts them
      long stored = s.approximateSliverBytes();
      assertThat(stored).isGreaterThan(blobs * 40_000L);
      StoreBatch removal = new StoreBatch();
      ids.forEach(removal::deleteBlobData);
      s.commit(removal); // more ranges than one pass compacts one by one: the column families at once
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (s.approximateSliverBytes() > stored / 10 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(s.approximateSliverBytes()).as("freed without a manual compaction (was %d)", stored)
          .isLessThan(stored / 10);
    }
  }
}
