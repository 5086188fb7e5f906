package dev.floe.node.challenge;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic choice of challenged symbols: symbol {@code i} of a challenge of member {@code
 * T} is drawn from {@code h = Blake2b-256(seed ‖ T's 20-byte node ID ‖ u32 LE i)}: the blob is {@code
 * u64 LE h[0..8] mod blobs}, the shard {@code u64 LE h[8..16] mod T's shard count} (T's shards
 * ascending), the sliver type {@code h[16] & 1} (0 primary, 1 secondary) and the symbol index {@code
 * u64 LE h[17..25] mod n}. Every member computing it over the same seed and blob list picks the same
 * symbols, and T cannot know them before the epoch's seed is fixed on-chain.
 */
public final class ChallengeSelection {
  private ChallengeSelection() {}

  /**
   * The {@code count} symbols to ask of the member {@code nodeId} holding {@code shards}.
   *
   * @param seed the epoch's 32-byte challenge seed
   * @param nodeId the challenged member's 20-byte node ID (operator address)
   * @param shards the member's shards this epoch
   * @param blobs the challenger's blobs eligible for the epoch, sorted ascending
   * @param config the encoding parameters
   * @param count how many symbols to pick
   * @return the picks in draw order; empty when there is no blob or the member holds no shard
   */
  public static List<ChallengedSymbol> select(byte[] seed, byte[] nodeId, List<Integer> shards, List<BlobId> blobs,
      EncodingConfig config, int count) {
    if (seed.length != 32) {
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
    for (int i = 0; i < count; i++) {
      input.putInt(counterAt, i);
      ByteBuffer h = ByteBuffer.wrap(Blake2b256.hash(input.array())).order(ByteOrder.LITTLE_ENDIAN);
      BlobId blob = blobs.get(pick(h.getLong(0), blobs.size()));
      int shard = sortedShards.get(pick(h.getLong(8), sortedShards.size()));
      SliverType type = (h.get(16) & 1) == 0 ? SliverType.PRIMARY : SliverType.SECONDARY;
      int symbol = pick(h.getLong(17), n);
      int pair = config.pairForShard(shard, blob.rotationOffset(n));
      out.add(new ChallengedSymbol(blob, shard, pair, type, symbol));
    }
    return out;
  }

  private static int pick(long random, int bound) {
    return (int) Long.remainderUnsigned(random, bound);
  }
}
