package dev.floe.core.rs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Round-trip, batch-equivalence and rejection properties of {@link ReedSolomon}, on every engine. */
class ReedSolomonProperties {

  /** Shard counts supported by the default rate. */
  record Counts(int original, int recovery) {}

  @Provide
  Arbitrary<Engine> engines() {
    return Arbitraries.of(Engines.all());
  }

  /** Counts, half of them within 2 of a power of two so both rates and chunk edges are hit. */
  @Provide
  Arbitrary<Counts> counts() {
    Arbitrary<Integer> nearPow2 =
        Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers().between(-2, 2))
            .as((e, d) -> Math.max(1, (1 << e) + d));
    Arbitrary<Integer> any = Arbitraries.integers().between(1, 700);
    Arbitrary<Integer> count = Arbitraries.oneOf(nearPow2, any);
    return Combinators.combine(count, count).as(Counts::new);
  }

  /** Even sizes, many of them not multiples of 64. */
  @Provide
  Arbitrary<Integer> shardSizes() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 40).map(h -> 2 * h),
        Arbitraries.integers().between(1, 4).map(b -> 64 * b),
        Arbitraries.integers().between(1, 200).map(h -> 2 * h));
  }

  @Property(tries = 60)
  void decodeRecoversOriginalsFromAnyOriginalCountSubset(
      @ForAll("counts") Counts counts,
      @ForAll("shardSizes") int shardBytes,
      @ForAll("engines") Engine engine,
      @ForAll Random random) {
    ReedSolomon rs = codec(counts, engine);
    byte[][] originals = randomShards(random, counts.original(), shardBytes);
    byte[][] recovery = rs.encode(originals);
    int total = counts.original() + counts.recovery();
    List<Integer> keep = shuffledIndices(total, random).subList(0, counts.original() + random.nextInt(counts.recovery() + 1));
    byte[][] shards = new byte[total][];
    for (int index : keep) {
      shards[index] = index < counts.original() ? originals[index] : recovery[index - counts.original()];
    }
    byte[][] decoded = rs.decode(shards);
    assertThat(decoded).isDeepEqualTo(originals);
    for (int i = 0; i < counts.original(); i++) {
      assertThat(decoded[i]).as("decode returns copies").isNotSameAs(originals[i]);
    }
  }

  @Property(tries = 30)
  void oneCodecDecodesAlternatingErasurePatterns(
      @ForAll("counts") Counts counts, @ForAll("engines") Engine engine, @ForAll Random random) {
    ReedSolomon rs = codec(counts, engine);
    int o = counts.original();
    int total = o + counts.recovery();
    byte[][] originals = randomShards(random, o, 6);
    byte[][] recovery = rs.encode(originals);
    List<List<Integer>> patterns = List.of(
        shuffledIndices(total, random).subList(0, o), shuffledIndices(total, random).subList(0, o));
    for (int round = 0; round < 4; round++) {
      byte[][] shards = new byte[total][];
      for (int index : patterns.get(round % 2)) {
        shards[index] = index < o ? originals[index] : recovery[index - o];
      }
      assertThat(rs.decode(shards)).as("round %d", round).isDeepEqualTo(originals);
    }
  }

  @Property(tries = 60)
  void batchEncodeEqualsEncodePerCodeword(
      @ForAll("counts") Counts counts,
      @ForAll("shardSizes") int symbolSize,
      @ForAll @IntRange(min = 0, max = 24) int codewords,
      @ForAll boolean symbolMajor,
      @ForAll @IntRange(min = 0, max = 9) int slack,
      @ForAll("engines") Engine engine,
      @ForAll Random random) {
    ReedSolomon rs = codec(counts, engine);
    Layout src = Layout.of(symbolMajor, counts.original(), symbolSize, codewords, slack, random);
    Layout dst = Layout.of(!symbolMajor, counts.recovery(), symbolSize, codewords, slack, random);
    byte[] in = new byte[src.length()];
    random.nextBytes(in);
    byte[] out = new byte[dst.length()];
    random.nextBytes(out);
    byte[] untouched = out.clone();
    rs.encodeBatch(symbolSize, codewords, in, src.offset, src.symbolStride, src.codewordStride,
        out, dst.offset, dst.symbolStride, dst.codewordStride);
    boolean[] written = new boolean[out.length];
    for (int t = 0; t < codewords; t++) {
      byte[][] recovery = rs.encode(src.extract(in, t, symbolSize));
      for (int j = 0; j < counts.recovery(); j++) {
        int at = dst.at(t, j);
        assertThat(Arrays.copyOfRange(out, at, at + symbolSize)).as("codeword %d recovery %d", t, j).isEqualTo(recovery[j]);
        Arrays.fill(written, at, at + symbolSize, true);
      }
    }
    for (int b = 0; b < out.length; b++) {
      if (!written[b]) {
        assertThat(out[b]).as("byte %d outside every recovery symbol", b).isEqualTo(untouched[b]);
      }
    }
  }

  @Property(tries = 60)
  void batchDecodeEqualsDecode(
      @ForAll("counts") Counts counts,
      @ForAll("shardSizes") int symbolSize,
      @ForAll @IntRange(min = 1, max = 16) int codewords,
      @ForAll @IntRange(min = 0, max = 5) int slack,
      @ForAll("engines") Engine engine,
      @ForAll Random random) {
    ReedSolomon rs = codec(counts, engine);
    int o = counts.original();
    int total = o + counts.recovery();
    List<Integer> keep = shuffledIndices(total, random).subList(0, o + random.nextInt(counts.recovery() + 1));
    int[] present = keep.stream().mapToInt(Integer::intValue).toArray();
    byte[][][] shardsPerCodeword = new byte[codewords][][];
    long stride = symbolSize + 2L * slack;
    byte[][] srcs = new byte[present.length][(int) (codewords * stride + 3)];
    long[] srcOffsets = new long[present.length];
    for (int k = 0; k < present.length; k++) {
      srcOffsets[k] = random.nextInt(4);
    }
    for (int t = 0; t < codewords; t++) {
      byte[][] originals = randomShards(random, o, symbolSize);
      byte[][] recovery = rs.encode(originals);
      shardsPerCodeword[t] = new byte[total][];
      for (int k = 0; k < present.length; k++) {
        int index = present[k];
        byte[] symbol = index < o ? originals[index] : recovery[index - o];
        shardsPerCodeword[t][index] = symbol;
        System.arraycopy(symbol, 0, srcs[k], (int) (srcOffsets[k] + t * stride), symbolSize);
      }
    }
    Layout dst = Layout.of(random.nextBoolean(), o, symbolSize, codewords, slack, random);
    byte[] out = new byte[dst.length()];
    rs.decodeBatch(symbolSize, codewords, present, srcs, srcOffsets, stride,
        out, dst.offset, dst.symbolStride, dst.codewordStride);
    for (int t = 0; t < codewords; t++) {
      byte[][] expected = rs.decode(shardsPerCodeword[t]);
      assertThat(dst.extract(out, t, symbolSize)).as("codeword %d", t).isDeepEqualTo(expected);
    }
  }

  @Property(tries = 40)
  void narrowStripsGiveTheSameBytes(
      @ForAll("counts") Counts counts,
      @ForAll("shardSizes") int symbolSize,
      @ForAll @IntRange(min = 1, max = 12) int codewords,
      @ForAll @IntRange(min = 1, max = 4) int blocksPerStrip,
      @ForAll("engines") Engine engine,
      @ForAll Random random) {
    ReedSolomon wide = codec(counts, engine);
    int o = counts.original();
    int r = counts.recovery();
    // Strip budgets are in bytes of work rows; this yields strips of blocksPerStrip * 32 elements.
    int rows = Math.max(2 * Rate.nextPow2(Math.max(o, r)), 2 * Rate.nextPow2(o + r));
    ReedSolomon narrow = wide.withStripBudget(blocksPerStrip * 64 * rows);
    byte[] in = new byte[codewords * o * symbolSize];
    random.nextBytes(in);
    byte[] expected = new byte[codewords * r * symbolSize];
    byte[] actual = new byte[expected.length];
    wide.encodeBatch(symbolSize, codewords, in, 0, symbolSize, (long) o * symbolSize, expected, 0, symbolSize, (long) r * symbolSize);
    narrow.encodeBatch(symbolSize, codewords, in, 0, symbolSize, (long) o * symbolSize, actual, 0, symbolSize, (long) r * symbolSize);
    assertThat(actual).isEqualTo(expected);

    int[] present = shuffledIndices(o + r, random).subList(0, o).stream().mapToInt(Integer::intValue).toArray();
    byte[][] srcs = new byte[o][];
    long[] offsets = new long[o];
    for (int k = 0; k < o; k++) {
      int index = present[k];
      srcs[k] = index < o ? in : expected;
      offsets[k] = index < o ? (long) index * symbolSize : (long) (index - o) * symbolSize;
    }
    long srcStride = (long) o * symbolSize;
    // originals and recovery arrays have different codeword strides: decode them in two passes
    byte[] decodedWide = new byte[in.length];
    byte[] decodedNarrow = new byte[in.length];
    for (int t = 0; t < codewords; t++) {
      long[] at = offsets.clone();
      for (int k = 0; k < o; k++) {
        at[k] += t * (srcs[k] == in ? srcStride : (long) r * symbolSize);
      }
      wide.decodeBatch(symbolSize, 1, present, srcs, at, 0, decodedWide, t * srcStride, symbolSize, 0);
      narrow.decodeBatch(symbolSize, 1, present, srcs, at, 0, decodedNarrow, t * srcStride, symbolSize, 0);
    }
    assertThat(decodedWide).isEqualTo(in);
    assertThat(decodedNarrow).isEqualTo(in);
  }

  @Property(tries = 30)
  void decodeRejectsFewerThanOriginalCountShards(
      @ForAll("counts") Counts counts, @ForAll("engines") Engine engine, @ForAll Random random) {
    ReedSolomon rs = codec(counts, engine);
    int o = counts.original();
    byte[][] originals = randomShards(random, o, 8);
    byte[][] recovery = rs.encode(originals);
    int total = o + counts.recovery();
    List<Integer> keep = shuffledIndices(total, random).subList(0, random.nextInt(o));
    byte[][] shards = new byte[total][];
    for (int index : keep) {
      shards[index] = index < o ? originals[index] : recovery[index - o];
    }
    assertThatThrownBy(() -> rs.decode(shards)).isInstanceOf(NotEnoughSymbolsException.class);
    int[] present = keep.stream().mapToInt(Integer::intValue).toArray();
    byte[][] srcs = new byte[present.length][8];
    assertThatThrownBy(() -> rs.decodeBatch(8, 1, present, srcs, new long[present.length], 8, new byte[8 * o], 0, 8, 8 * o))
        .isInstanceOf(NotEnoughSymbolsException.class)
        .hasMessageContaining("need at least " + o);
  }

  @Property(tries = 30)
  void rejectsBadShardSizes(
      @ForAll("counts") Counts counts, @ForAll @IntRange(min = 1, max = 100) int half, @ForAll Random random) {
    ReedSolomon rs = ReedSolomon.of(counts.original(), counts.recovery());
    int o = counts.original();
    byte[][] odd = randomShards(random, o, 2 * half - 1);
    assertThatThrownBy(() -> rs.encode(odd)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("even");
    if (o > 1) {
      byte[][] uneven = randomShards(random, o, 2 * half);
      uneven[random.nextInt(o - 1) + 1] = new byte[2 * half + 2];
      assertThatThrownBy(() -> rs.encode(uneven)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("expected " + 2 * half);
    }
    assertThatThrownBy(() -> rs.encode(randomShards(random, o + 1, 2 * half)))
        .isInstanceOf(InvalidSizeException.class).hasMessageContaining("expected " + o);
    assertThatThrownBy(() -> rs.encode(randomShards(random, o, 0))).isInstanceOf(InvalidSizeException.class);
    byte[] buffer = new byte[2 * half * (o + counts.recovery())];
    assertThatThrownBy(() -> rs.encodeBatch(2 * half - 1, 1, buffer, 0, 2 * half, 0, buffer, 0, 2 * half, 0))
        .isInstanceOf(InvalidSizeException.class).hasMessageContaining("even");
    assertThatThrownBy(() -> rs.encodeBatch(2 * half, 2, buffer, 0, 2 * half, buffer.length, buffer, 0, 2 * half, 0))
        .isInstanceOf(InvalidSizeException.class).hasMessageContaining("outside its array");
    byte[][] shards = new byte[o + counts.recovery()][];
    for (int i = 0; i < o; i++) {
      shards[i] = new byte[2 * half];
    }
    shards[o] = new byte[2 * half + 2];
    assertThatThrownBy(() -> rs.decode(shards)).isInstanceOf(InvalidSizeException.class);
  }

  @Property(tries = 30)
  void decodeBatchRejectsDuplicateAndOutOfRangeIndices(@ForAll("counts") Counts counts, @ForAll Random random) {
    ReedSolomon rs = ReedSolomon.of(counts.original(), counts.recovery());
    int o = counts.original();
    int total = o + counts.recovery();
    int[] present = shuffledIndices(total, random).subList(0, o).stream().mapToInt(Integer::intValue).toArray();
    int[] duplicate = Arrays.copyOf(present, o + 1);
    duplicate[o] = present[random.nextInt(o)];
    int[] outOfRange = present.clone();
    outOfRange[random.nextInt(o)] = random.nextBoolean() ? -1 : total + random.nextInt(5);
    for (int[] bad : List.of(duplicate, outOfRange)) {
      byte[][] srcs = new byte[bad.length][2];
      assertThatThrownBy(() -> rs.decodeBatch(2, 1, bad, srcs, new long[bad.length], 2, new byte[2 * o], 0, 2, 2 * o))
          .isInstanceOf(InvalidSizeException.class)
          .hasMessageContaining("shard index");
    }
  }

  @Property(tries = 50)
  void rejectsUnsupportedCounts(@ForAll @IntRange(min = -3, max = 70000) int original, @ForAll @IntRange(min = -3, max = 70000) int recovery) {
    boolean supported = original >= 1 && recovery >= 1
        && (long) Math.min(Rate.nextPow2(original), Rate.nextPow2(recovery)) + Math.max(original, recovery) <= 65536;
    if (supported) {
      assertThat(ReedSolomon.of(original, recovery).originalCount()).isEqualTo(original);
    } else {
      assertThatThrownBy(() -> ReedSolomon.of(original, recovery))
          .isInstanceOf(InvalidSizeException.class)
          .hasMessageContaining("unsupported shard counts");
    }
  }

  @Property(tries = 20)
  void rejectsCountsJustPastTheLimits(@ForAll @IntRange(min = 0, max = 15) int exponent) {
    int pow2 = 1 << exponent;
    int larger = 65536 - pow2;
    assertThat(ReedSolomon.of(pow2, larger).rate()).isEqualTo(pow2 == larger ? Rate.HIGH : Rate.LOW);
    assertThat(ReedSolomon.of(larger, pow2).rate()).isEqualTo(Rate.HIGH);
    assertThatThrownBy(() -> ReedSolomon.of(pow2, larger + 1)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> ReedSolomon.of(larger + 1, pow2)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> ReedSolomon.of(0, pow2)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> ReedSolomon.of(pow2, 0)).isInstanceOf(InvalidSizeException.class);
  }

  private static ReedSolomon codec(Counts counts, Engine engine) {
    Rate rate = ReedSolomon.of(counts.original(), counts.recovery()).rate();
    return ReedSolomon.of(counts.original(), counts.recovery(), rate, engine);
  }

  static byte[][] randomShards(Random random, int count, int bytes) {
    byte[][] shards = new byte[count][bytes];
    for (byte[] shard : shards) {
      random.nextBytes(shard);
    }
    return shards;
  }

  private static List<Integer> shuffledIndices(int total, Random random) {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      indices.add(i);
    }
    Collections.shuffle(indices, random);
    return indices;
  }

  /** A strided placement of {@code symbols} symbols per codeword, with gaps, in one array. */
  record Layout(long offset, long symbolStride, long codewordStride, int symbols, int codewords, int symbolSize) {
    static Layout of(boolean symbolMajor, int symbols, int symbolSize, int codewords, int slack, Random random) {
      long offset = random.nextInt(slack + 1);
      long gap = 2L * random.nextInt(slack + 1);
      if (symbolMajor) {
        // symbol i of every codeword next to each other: stride between codewords is one symbol
        long codewordStride = symbolSize + gap;
        return new Layout(offset, codewordStride * Math.max(codewords, 1), codewordStride, symbols, codewords, symbolSize);
      }
      long symbolStride = symbolSize + gap;
      return new Layout(offset, symbolStride, symbolStride * symbols + gap, symbols, codewords, symbolSize);
    }

    int at(int t, int symbol) {
      return (int) (offset + t * codewordStride + symbol * symbolStride);
    }

    int length() {
      return codewords == 0 ? (int) offset : at(codewords - 1, symbols - 1) + symbolSize + 3;
    }

    byte[][] extract(byte[] array, int t, int symbolSize) {
      byte[][] shards = new byte[symbols][];
      for (int i = 0; i < symbols; i++) {
        shards[i] = Arrays.copyOfRange(array, at(t, i), at(t, i) + symbolSize);
      }
      return shards;
    }
  }
}
