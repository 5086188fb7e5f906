package dev.floe.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.EventRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shard sync progress, ordered blob iteration and single-sliver deletion on a real RocksDB. */
class ShardSyncStoreTest {
  @TempDir Path dir;

  @Test
  void syncProgressIsPersistedWithTheShardStateAndReplacedByTheNextState() {
    BlobId next = BlobId.parseHex("ab".repeat(32));
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      s.commit(new StoreBatch().putShardSync(3, new SyncProgress(SliverType.SECONDARY, next))
          .putShardState(4, ShardState.LOCKED_TO_MOVE));
    }
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      assertThat(s.shardStates()).containsEntry(3, ShardState.ACTIVE_SYNC).containsEntry(4, ShardState.LOCKED_TO_MOVE);
      assertThat(s.shardSyncProgress()).containsOnlyKeys(3).containsEntry(3, new SyncProgress(SliverType.SECONDARY, next));
      s.commit(new StoreBatch().putShardState(3, ShardState.ACTIVE_RECOVER));
      assertThat(s.shardStates()).containsEntry(3, ShardState.ACTIVE_RECOVER);
      assertThat(s.shardSyncProgress()).isEmpty();
    }
  }

  @Test
  void progressAfterABlobIdIsTheNextIdAndNothingAfterTheLargest() {
    assertThat(SyncProgress.after(SliverType.PRIMARY, BlobId.parseHex("00".repeat(31) + "ff")).orElseThrow().next())
        .isEqualTo(BlobId.parseHex("00".repeat(30) + "0100"));
    assertThat(SyncProgress.after(SliverType.PRIMARY, BlobId.parseHex("ff".repeat(32)))).isEmpty();
    assertThat(SyncProgress.START.next()).isEqualTo(BlobId.of(new byte[32]));
  }

  @Test
  void blobsAreVisitedInIdOrderFromAStartUntilTheActionStops() {
    List<BlobId> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] b = new byte[32];
      Arrays.fill(b, (byte) (0x30 * i));
      ids.add(BlobId.of(b));
    }
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      StoreBatch batch = new StoreBatch();
      for (BlobId id : ids) {
        batch.putBlobInfo(id, BlobInfo.registered(1, new Registration(new byte[32], false, 1, 3, -1), new EventRef(1, 0)));
      }
      s.commit(batch);
      List<BlobId> seen = new ArrayList<>();
      s.forEachBlobInfoFrom(ids.get(2), (id, info) -> {
        seen.add(id);
        return seen.size() < 3;
      });
      assertThat(seen).containsExactly(ids.get(2), ids.get(3), ids.get(4));
    }
  }

  @Test
  void deletingOneSliverLeavesTheOthers() {
    BlobId id = BlobId.parseHex("01".repeat(32));
    try (RocksSliverStore s = RocksSliverStore.open("t", dir, 1 << 20, 1 << 20)) {
      s.putSliver(id, 1, SliverType.PRIMARY, new byte[] {1});
      s.putSliver(id, 1, SliverType.SECONDARY, new byte[] {2});
      s.putSliver(id, 2, SliverType.PRIMARY, new byte[] {3});
      assertThat(s.sliver(id, 1, SliverType.PRIMARY)).isPresent(); // cached
      s.commit(new StoreBatch().deleteSliver(id, 1, SliverType.PRIMARY));
      assertThat(s.sliver(id, 1, SliverType.PRIMARY)).isEmpty();
      assertThat(s.hasSliver(id, 1, SliverType.SECONDARY)).isTrue();
      assertThat(s.hasSliver(id, 2, SliverType.PRIMARY)).isTrue();
    }
  }
}
