package dev.floe.core.rs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Instance caching, engine selection and concurrent use of one codec. */
class ReedSolomonTest {

  @Test
  void shouldCacheCodecsPerCountPair() {
    assertThat(ReedSolomon.of(334, 666)).isSameAs(ReedSolomon.of(334, 666));
    assertThat(ReedSolomon.of(334, 666).rate()).isEqualTo(Rate.LOW);
    assertThat(ReedSolomon.of(667, 333).rate()).isEqualTo(Rate.HIGH);
  }

  @Test
  void shouldSwitchToTheVectorEngineAfterWarmUpWhenTheModuleIsPresent() throws InterruptedException {
    // surefire runs with --add-modules jdk.incubator.vector (root pom), so the vector engine must load
    assertThat(Engines.all()).hasSize(2);
    assertThat(ReedSolomon.warmUp(Duration.ofMinutes(3))).isTrue();
    assertThat(ReedSolomon.of(10, 5).engine()).isInstanceOf(VectorEngine.class);
    assertThat(ReedSolomon.of(10, 5).toString()).contains("vector");
  }

  @Test
  void shouldGiveTheSameBytesWhenManyThreadsShareOneCodec() throws Exception {
    ReedSolomon rs = ReedSolomon.of(100, 200);
    Random random = new Random(5);
    List<byte[][]> inputs = new ArrayList<>();
    List<byte[][]> expected = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[][] originals = ReedSolomonProperties.randomShards(random, 100, 2 * (1 + random.nextInt(300)));
      inputs.add(originals);
      expected.add(ReedSolomon.of(100, 200, Rate.LOW, Engines.scalar()).encode(originals));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[][]>> results = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (byte[][] originals : inputs) {
          results.add(pool.submit(() -> rs.encode(originals)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isDeepEqualTo(expected.get(i % inputs.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
