package dev.floe.node.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The deterministic choice of challenged symbols. */
class ChallengeSelectionTest {
  private static final EncodingConfig CONFIG = new EncodingConfig(10);

  @Test
  void sameSeedAndBlobsGiveTheSamePicksOnlyOnTheTargetsShards() {
    Random random = new Random(5);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    List<BlobId> blobs = blobs(random, 12);
    List<Integer> shards = List.of(7, 2, 4);

    List<ChallengedSymbol> picks = ChallengeSelection.select(seed, node, shards, blobs, CONFIG, 64);
    assertThat(ChallengeSelection.select(seed.clone(), node.clone(), List.of(2, 4, 7), List.copyOf(blobs), CONFIG, 64))
        .isEqualTo(picks);
    assertThat(picks).hasSize(64);
    Set<BlobId> pickedBlobs = new HashSet<>();
    Set<Integer> pickedShards = new HashSet<>();
    Set<SliverType> pickedTypes = new HashSet<>();
    for (ChallengedSymbol s : picks) {
      assertThat(blobs).contains(s.blobId());
      assertThat(shards).contains(s.shard());
      assertThat(s.pairIndex()).isEqualTo(CONFIG.pairForShard(s.shard(), s.blobId().rotationOffset(10)));
      assertThat(s.symbolIndex()).isBetween(0, 9);
      SymbolId id = s.symbolId(CONFIG);
      assertThat(id.index(s.sliverType())).isEqualTo(s.sliverType() == SliverType.PRIMARY
          ? s.pairIndex() : CONFIG.secondarySliverIndex(s.pairIndex()));
      assertThat(id.index(s.sliverType().orthogonal())).isEqualTo(s.symbolIndex());
      pickedBlobs.add(s.blobId());
      pickedShards.add(s.shard());
      pickedTypes.add(s.sliverType());
    }
    // 64 draws spread over the choices (a constant choice would be a broken derivation)
    assertThat(pickedBlobs.size()).isGreaterThan(6);
    assertThat(pickedShards).hasSize(3);
    assertThat(pickedTypes).hasSize(2);
    // the first picks do not depend on how many are drawn
    assertThat(ChallengeSelection.select(seed, node, shards, blobs, CONFIG, 8)).isEqualTo(picks.subList(0, 8));
  }

  @Test
  void anotherSeedOrNodeGivesOtherPicks() {
    Random random = new Random(6);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    List<BlobId> blobs = blobs(random, 50);
    List<ChallengedSymbol> picks = ChallengeSelection.select(seed, node, List.of(0, 1, 2, 3, 4), blobs, CONFIG, 8);
    byte[] otherSeed = seed.clone();
    otherSeed[31] ^= 1;
    byte[] otherNode = node.clone();
    otherNode[0] ^= 1;
    assertThat(ChallengeSelection.select(otherSeed, node, List.of(0, 1, 2, 3, 4), blobs, CONFIG, 8)).isNotEqualTo(picks);
    assertThat(ChallengeSelection.select(seed, otherNode, List.of(0, 1, 2, 3, 4), blobs, CONFIG, 8)).isNotEqualTo(picks);
  }

  @Test
  void nothingToPickWithoutBlobsOrShardsAndBadInputIsRefused() {
    Random random = new Random(7);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    assertThat(ChallengeSelection.select(seed, node, List.of(1), List.of(), CONFIG, 8)).isEmpty();
    assertThat(ChallengeSelection.select(seed, node, List.of(), blobs(random, 3), CONFIG, 8)).isEmpty();
    assertThatThrownBy(() -> ChallengeSelection.select(new byte[31], node, List.of(1), blobs(random, 3), CONFIG, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ChallengeSelection.select(seed, node, List.of(1), blobs(random, 3), CONFIG, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
  }

  private static List<BlobId> blobs(Random random, int count) {
    List<BlobId> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(BlobId.of(bytes(random, 32)));
    }
    out.sort(null);
    return out;
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
