package dev.floe.core.rs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden vector of reed-solomon-simd 3.1.0, on every engine. */
class ReedSolomonVectorsTest {

  static Stream<Arguments> casesAndEngines() {
    List<Arguments> arguments = new ArrayList<>();
    for (RsVectors.Case c : RsVectors.cases()) {
      for (Engine engine : Engines.all()) {
        arguments.add(Arguments.of(c, engine.name(), engine));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesAndEngines")
  void shouldReproduceRecoveryShardsOfTheCrate(RsVectors.Case c, String engineName, Engine engine) {
    byte[][] originals = c.originals();
    assertThat(RsVectors.sha256(originals)).as("input generator").isEqualTo(c.originalSha256());

    ReedSolomon cached = ReedSolomon.of(c.originalCount(), c.recoveryCount());
    assertThat(cached.rate().name().toLowerCase()).isEqualTo(c.rate());

    ReedSolomon rs = ReedSolomon.of(c.originalCount(), c.recoveryCount(), cached.rate(), engine);
    byte[][] recovery = rs.encode(originals);
    assertThat(recovery).hasNumberOfRows(c.recoveryCount());
    int listed = c.recoveryComplete() ? c.recoveryCount() : c.recoveryHex().size();
    assertThat(c.recoveryHex()).hasSize(listed);
    for (int j = 0; j < listed; j++) {
      assertThat(HexFormat.of().formatHex(recovery[j])).as("recovery shard %d", j).isEqualTo(c.recoveryHex().get(j));
    }
    assertThat(RsVectors.sha256(recovery)).isEqualTo(c.recoverySha256());
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesAndEngines")
  void shouldMatchTheCrateWhenARateIsForced(RsVectors.Case c, String engineName, Engine engine) {
    byte[][] originals = c.originals();
    checkForced(Rate.HIGH, c.highRateSha256(), c, originals, engine);
    checkForced(Rate.LOW, c.lowRateSha256(), c, originals, engine);
  }

  private static void checkForced(Rate rate, String expected, RsVectors.Case c, byte[][] originals, Engine engine) {
    assertThat(rate.supports(c.originalCount(), c.recoveryCount())).as("%s supports", rate).isEqualTo(expected != null);
    if (expected != null) {
      ReedSolomon rs = ReedSolomon.of(c.originalCount(), c.recoveryCount(), rate, engine);
      assertThat(RsVectors.sha256(rs.encode(originals))).as("%s rate", rate).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesAndEngines")
  void shouldRecoverDroppedOriginalsFromTheCratesRecoveryShards(RsVectors.Case c, String engineName, Engine engine) {
    byte[][] originals = c.originals();
    int o = c.originalCount();
    int r = c.recoveryCount();
    ReedSolomon rs = ReedSolomon.of(o, r, ReedSolomon.of(o, r).rate(), engine);
    // Recovery shards listed in the file, the rest from our encoder (its hash is checked above).
    byte[][] recovery = rs.encode(originals);
    for (int j = 0; j < c.recoveryHex().size(); j++) {
      recovery[j] = HexFormat.of().parseHex(c.recoveryHex().get(j));
    }
    byte[][] shards = new byte[o + r][];
    // Drop the first min(o, r) originals and keep every recovery shard.
    int dropped = Math.min(o, r);
    for (int i = dropped; i < o; i++) {
      shards[i] = originals[i];
    }
    System.arraycopy(recovery, 0, shards, o, r);
    byte[][] decoded = rs.decode(shards);
    for (int i = 0; i < o; i++) {
      assertThat(decoded[i]).as("original %d", i).isEqualTo(originals[i]);
    }
  }
}
