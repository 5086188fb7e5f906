package dev.floe.node.challenge;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The choice of the symbols one challenger asks of one member, secret to the challenger: symbol
 * {@code i} of challenger C's challenge of member {@code T} is drawn from {@code h = BLAKE2b-256}
 * in keyed mode (RFC 7693; no salt or personalisation) with C's 32-byte challenge key ({@link
 * dev.floe.node.keys.NodeSigner#challengeKey()}, derived from C's protocol private key) over {@code
 * seed ‖ T's 20-byte node ID ‖ u32 LE i}: the blob is {@code u64 LE h[0..8] mod blobs}, the shard
 * {@code u64 LE h[8..16] mod T's shard count} (T's shards ascending), the sliver type {@code h[16] &
 * 1} (0 primary, 1 secondary) and the symbol index {@code u64 LE h[17..25] mod n}.
 *
 * <p>The picks are deterministic per (challenger key, epoch seed, target, blob list), so a
 * challenger that restarts within the epoch asks the same questions, but nobody without C's key,
 * T included, can compute them: a member that stores nothing cannot rebuild just the challenged
 * symbols once the epoch's public seed is known. Every challenger asks different symbols, and an
 * attester re-challenges with its own picks.
 */
public final class ChallengeSelection {
  /** Length of a challenge key and of an epoch seed. */
  public static final int KEY_LENGTH = 32;

  private ChallengeSelection() {}

  /**
   * The {@code count} symbols a challenger asks of the member {@code nodeId} holding {@code shards}.
   *
   * @param challengeKey the challenger's secret 32-byte challenge key
   * @param seed the epoch's 32-byte challenge seed
   * @param nodeId the challenged member's 20-byte node ID (operator address)
   * @param shards the member's shards this epoch
   * @param blobs the challenger's blobs eligible for the epoch, sorted ascending
   * @param config the encoding parameters
   * @param count how many symbols to pick
   * @return the picks in draw order; empty when there is no blob or the member holds no shard
   * @throws IllegalArgumentException when the key or the seed is not 32 bytes or {@code count < 0}
   */
  public static List<ChallengedSymbol> select(byte[] challengeKey, byte[] seed, byte[] nodeId, List<Integer> shards,
      List<BlobId> blobs, EncodingConfig config, int count) {
    if (challengeKey.length != KEY_LENGTH) {
      throw new IllegalArgumentException("a challenge key has 32 bytes, got " + challengeKey.length);
    }
    if (seed.length != KEY_LENGTH) {
      throw new IllegalArgumentException("a challenge seed has 32 bytes, got " + seed.length);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (blobs.isEmpty() || shards.isEmpty()) {
      return List.of();
    }
    List<Integer> sortedShards = shards.stream().sorted().toList();
    int n = config.nShards();
    List<ChallengedSymbol> out = new ArrayList<>(count);
    ByteBuffer input = ByteBuffer.allocate(seed.length + nodeId.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    input.put(seed).put(nodeId);
    int counterAt = input.position();
    Blake2bDigest digest = new Blake2bDigest(challengeKey, 32, null, null);
    byte[] hash = new byte[32];
    try {
      for (int i = 0; i < count; i++) {
        input.putInt(counterAt, i);
        digest.update(input.array(), 0, input.capacity());
        digest.doFinal(hash, 0); // also resets the digest to its keyed start
        ByteBuffer h = ByteBuffer.wrap(hash).order(ByteOrder.LITTLE_ENDIAN);
        BlobId blob = blobs.get(pick(h.getLong(0), blobs.size()));
        int shard = sortedShards.get(pick(h.getLong(8), sortedShards.size()));
        SliverType type = (h.get(16) & 1) == 0 ? SliverType.PRIMARY : SliverType.SECONDARY;
        int symbol = pick(h.getLong(17), n);
        int pair = config.pairForShard(shard, blob.rotationOffset(n));
        out.add(new ChallengedSymbol(blob, shard, pair, type, symbol));
      }
    } finally {
      digest.clearKey();
    }
    return out;
  }

  private static int pick(long random, int bound) {
    return (int) Long.remainderUnsigned(random, bound);
  }
}
