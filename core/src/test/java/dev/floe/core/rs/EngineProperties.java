package dev.floe.core.rs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every engine's kernels against the scalar reference and the field's algebra. */
class EngineProperties {

  @Provide
  Arbitrary<Integer> logs() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, Gf16.MODULUS), Arbitraries.of(0, 1, Gf16.MODULUS - 1, Gf16.MODULUS));
  }

  @Provide
  Arbitrary<Engine> engines() {
    return Arbitraries.of(Engines.all());
  }

  @Property(tries = 200)
  void logAndExpAreInverse(@ForAll @IntRange(min = 1, max = 65535) int x) {
    assertThat((int) Gf16.EXP[Gf16.LOG[x]]).isEqualTo(x);
  }

  @Property(tries = 200)
  void multiplicationDistributesOverXor(
      @ForAll @IntRange(min = 0, max = 65535) int x, @ForAll @IntRange(min = 0, max = 65535) int y, @ForAll("logs") int logM) {
    assertThat(Gf16.mul(x ^ y, logM)).isEqualTo(Gf16.mul(x, logM) ^ Gf16.mul(y, logM));
  }

  @Property(tries = 200)
  void multiplyingByTwoFactorsAddsTheirLogs(
      @ForAll @IntRange(min = 1, max = 65535) int x, @ForAll("logs") int a, @ForAll("logs") int b) {
    assertThat(Gf16.mul(Gf16.mul(x, a), b)).isEqualTo(Gf16.mul(x, Gf16.addMod(a, b)));
    assertThat(Gf16.mul(x, Gf16.MODULUS)).as("65535 is an alias of log 0").isEqualTo(x);
  }

  @Property(tries = 60)
  void kernelsMatchTheScalarReference(
      @ForAll("engines") Engine engine,
      @ForAll @IntRange(min = 1, max = 4) int dist,
      @ForAll @IntRange(min = 1, max = 6) int lanesBlocks,
      @ForAll("logs") int logM,
      @ForAll Random random) {
    int width = lanesBlocks * Work.LANES;
    int half = width + Work.LANES * random.nextInt(2);
    int rowBytes = 2 * half;
    byte[] start = new byte[2 * dist * rowBytes + 7];
    random.nextBytes(start);
    int base = random.nextInt(8);
    Engine reference = Engines.scalar();
    for (int op = 0; op < 4; op++) {
      byte[] expected = start.clone();
      byte[] actual = start.clone();
      apply(reference, op, expected, base, dist, rowBytes, half, width, logM);
      apply(engine, op, actual, base, dist, rowBytes, half, width, logM);
      assertThat(actual).as("op %d", op).isEqualTo(expected);
    }
  }

  private static void apply(Engine engine, int op, byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    switch (op) {
      case 0 -> engine.fft2(buf, base, dist, rowBytes, half, width, logM);
      case 1 -> engine.ifft2(buf, base, dist, rowBytes, half, width, logM);
      case 2 -> engine.mulRow(buf, base, half, width, logM);
      default -> engine.xorBytes(buf, base, base + rowBytes, rowBytes - 3);
    }
  }

  @Property(tries = 30)
  void blockSplitAndJoinAreInverse(@ForAll("engines") Engine engine, @ForAll @IntRange(min = 1, max = 9) int blocks, @ForAll Random random) {
    byte[] shard = new byte[64 * blocks + 5];
    random.nextBytes(shard);
    byte[] planes = new byte[64 * blocks + 11];
    engine.splitBlocks(shard, 5, planes, 3, 3 + 32 * blocks, blocks);
    for (int k = 0; k < blocks; k++) {
      for (int lane = 0; lane < 32; lane++) {
        assertThat(planes[3 + 32 * k + lane]).isEqualTo(shard[5 + 64 * k + lane]);
        assertThat(planes[3 + 32 * blocks + 32 * k + lane]).isEqualTo(shard[5 + 64 * k + 32 + lane]);
      }
    }
    byte[] back = new byte[shard.length];
    engine.joinBlocks(planes, 3, 3 + 32 * blocks, back, 5, blocks);
    for (int i = 5; i < back.length; i++) {
      assertThat(back[i]).isEqualTo(shard[i]);
    }
  }
}
