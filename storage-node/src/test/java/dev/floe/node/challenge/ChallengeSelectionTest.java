package dev.floe.node.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.node.keys.ProtocolKeySigner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** The choice of challenged symbols: deterministic per challenger, secret to everyone else. */
class ChallengeSelectionTest {
  private static final EncodingConfig CONFIG = new EncodingConfig(10);

  @Test
  void oneChallengerGetsTheSamePicksOnlyOnTheTargetsShards() {
    Random random = new Random(5);
    byte[] key = bytes(random, 32);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    List<BlobId> blobs = blobs(random, 12);
    List<Integer> shards = List.of(7, 2, 4);

    List<ChallengedSymbol> picks = ChallengeSelection.select(key, seed, node, shards, blobs, CONFIG, 64);
    assertThat(ChallengeSelection.select(key.clone(), seed.clone(), node.clone(), List.of(2, 4, 7),
        List.copyOf(blobs), CONFIG, 64)).isEqualTo(picks);
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
    assertThat(ChallengeSelection.select(key, seed, node, shards, blobs, CONFIG, 8)).isEqualTo(picks.subList(0, 8));
  }

  @Test
  void picksFollowTheDocumentedKeyedHash() {
    Random random = new Random(8);
    byte[] key = bytes(random, 32);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    List<BlobId> blobs = blobs(random, 7);
    List<Integer> shards = List.of(9, 1, 5, 3);
    List<ChallengedSymbol> picks = ChallengeSelection.select(key, seed, node, shards, blobs, CONFIG, 16);
    for (int i = 0; i < picks.size(); i++) {
      // BLAKE2b-256 keyed with the challenge key over seed ‖ node ID ‖ u32 LE i, as the javadoc says
      Blake2bDigest d = new Blake2bDigest(key, 32, null, null);
      byte[] in = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN).put(seed).put(node).putInt(i).array();
      d.update(in, 0, in.length);
      byte[] h = new byte[32];
      d.doFinal(h, 0);
      ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
      BlobId blob = blobs.get((int) Long.remainderUnsigned(b.getLong(0), blobs.size()));
      int shard = List.of(1, 3, 5, 9).get((int) Long.remainderUnsigned(b.getLong(8), 4));
      SliverType type = (h[16] & 1) == 0 ? SliverType.PRIMARY : SliverType.SECONDARY;
      int symbol = (int) Long.remainderUnsigned(b.getLong(17), 10);
      assertThat(picks.get(i)).as("pick %d", i).isEqualTo(
          new ChallengedSymbol(blob, shard, CONFIG.pairForShard(shard, blob.rotationOffset(10)), type, symbol));
    }
  }

  @Test
  void twoChallengersAskTheSameTargetDifferentSymbols() {
    Random random = new Random(6);
    ProtocolKeySigner alice = new ProtocolKeySigner(ProtocolKeyPair.generate(new SecureRandom()));
    ProtocolKeySigner bob = new ProtocolKeySigner(ProtocolKeyPair.generate(new SecureRandom()));
    byte[] seed = bytes(random, 32);
    byte[] target = bytes(random, 20);
    List<BlobId> blobs = blobs(random, 50);
    List<Integer> shards = List.of(0, 1, 2, 3, 4);
    List<ChallengedSymbol> byAlice = ChallengeSelection.select(alice.challengeKey(), seed, target, shards, blobs,
        CONFIG, 32);
    List<ChallengedSymbol> byBob = ChallengeSelection.select(bob.challengeKey(), seed, target, shards, blobs, CONFIG,
        32);
    // 50 blobs x 5 shards x 2 types x 10 symbols: two independent draws of 32 share a few picks at most
    Set<ChallengedSymbol> common = new HashSet<>(byAlice);
    common.retainAll(new HashSet<>(byBob));
    assertThat(common.size()).as("picks asked by both challengers").isLessThan(6);
    // the unkeyed draw of the old, public scheme (an all-zero key stands for anyone's guess) is not Alice's either
    assertThat(ChallengeSelection.select(new byte[32], seed, target, shards, blobs, CONFIG, 32)).isNotEqualTo(byAlice);
    // a restarted Alice (same protocol key, new signer) asks the same symbols again
    ProtocolKeySigner aliceAgain = new ProtocolKeySigner(alice.keyPair());
    assertThat(ChallengeSelection.select(aliceAgain.challengeKey(), seed, target, shards, blobs, CONFIG, 32))
        .isEqualTo(byAlice);
  }

  @Test
  void anotherSeedOrTargetGivesOtherPicks() {
    Random random = new Random(6);
    byte[] key = bytes(random, 32);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    List<BlobId> blobs = blobs(random, 50);
    List<Integer> shards = List.of(0, 1, 2, 3, 4);
    List<ChallengedSymbol> picks = ChallengeSelection.select(key, seed, node, shards, blobs, CONFIG, 8);
    byte[] otherSeed = seed.clone();
    otherSeed[31] ^= 1;
    byte[] otherNode = node.clone();
    otherNode[0] ^= 1;
    assertThat(ChallengeSelection.select(key, otherSeed, node, shards, blobs, CONFIG, 8)).isNotEqualTo(picks);
    assertThat(ChallengeSelection.select(key, seed, otherNode, shards, blobs, CONFIG, 8)).isNotEqualTo(picks);
  }

  @Test
  void nothingToPickWithoutBlobsOrShardsAndBadInputIsRefused() {
    Random random = new Random(7);
    byte[] key = bytes(random, 32);
    byte[] seed = bytes(random, 32);
    byte[] node = bytes(random, 20);
    assertThat(ChallengeSelection.select(key, seed, node, List.of(1), List.of(), CONFIG, 8)).isEmpty();
    assertThat(ChallengeSelection.select(key, seed, node, List.of(), blobs(random, 3), CONFIG, 8)).isEmpty();
    assertThatThrownBy(() -> ChallengeSelection.select(key, new byte[31], node, List.of(1), blobs(random, 3), CONFIG,
        8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed has 32 bytes");
    assertThatThrownBy(() -> ChallengeSelection.select(new byte[16], seed, node, List.of(1), blobs(random, 3), CONFIG,
        8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key has 32 bytes, got 16");
    assertThatThrownBy(() -> ChallengeSelection.select(key, seed, node, List.of(1), blobs(random, 3), CONFIG, -1))
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
