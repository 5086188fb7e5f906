package dev.floe.core.rs;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Picks the engine for each call: the Vector API engine when the {@code jdk.incubator.vector}
 * module is present, otherwise the portable one.
 *
 * <p>Vector API code runs hundreds of times slower than scalar code until C2 has compiled it (the
 * first encode of a 1000-shard codeword took seconds in a fresh JVM). So when the vector engine is
 * available, a daemon thread warms its kernels up once, and calls use the scalar engine until that
 * is done. Both engines give identical bytes. System properties: {@code floe.rs.engine} = {@code
 * scalar} or {@code vector} forces one engine; {@code floe.rs.warmup=false} uses the vector engine
 * at once.
 */
final class Engines {
  private static final int WARMUP_ROUNDS = Integer.getInteger("floe.rs.warmupRounds", 300);
  private static final Engine VECTOR = loadVector();
  private static final String FORCED = System.getProperty("floe.rs.engine", "");
  private static volatile boolean vectorReady;
  private static final CountDownLatch READY = new CountDownLatch(1);

  static {
    if (VECTOR != null && !"scalar".equals(FORCED)) {
      if ("vector".equals(FORCED) || !Boolean.parseBoolean(System.getProperty("floe.rs.warmup", "true"))) {
        vectorReady = true;
        READY.countDown();
      } else {
        Thread.ofPlatform().daemon().name("floe-rs-warmup").start(Engines::warmUp);
      }
    }
  }

  private Engines() {}

  /** The engine for a call made now. */
  static Engine current() {
    return vectorReady ? VECTOR : ScalarEngine.INSTANCE;
  }

  /**
   * Waits up to {@code timeoutMillis} for the warm-up to finish; true if calls now use the vector
   * engine, false if it is unavailable, disabled or still warming up.
   */
  static boolean awaitVector(long timeoutMillis) throws InterruptedException {
    if (VECTOR == null || "scalar".equals(FORCED)) {
      return false;
    }
    return READY.await(timeoutMillis, TimeUnit.MILLISECONDS) && vectorReady;
  }

  static Engine scalar() {
    return ScalarEngine.INSTANCE;
  }

  /** Every engine this JVM can run, the portable one first (for tests). */
  static List<Engine> all() {
    return VECTOR == null ? List.of(ScalarEngine.INSTANCE) : List.of(ScalarEngine.INSTANCE, VECTOR);
  }

  /** Runs the vector kernels until C2 has had reason to compile them, then switches calls over. */
  private static void warmUp() {
    try {
      ReedSolomon high = ReedSolomon.of(48, 16, Rate.HIGH, VECTOR);
      ReedSolomon low = ReedSolomon.of(16, 48, Rate.LOW, VECTOR);
      byte[][] originals = new byte[48][1024];
      for (int i = 0; i < originals.length; i++) {
        originals[i][i] = (byte) (i + 1);
      }
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        byte[][] recovery = high.encode(originals);
        low.encode(Arrays.copyOf(originals, 16));
        if (round % 16 == 0) {
          byte[][] shards = new byte[64][];
          System.arraycopy(originals, 1, shards, 1, 47);
          shards[48] = recovery[0];
          high.decode(shards);
        }
      }
    } finally {
      vectorReady = true;
      READY.countDown();
    }
  }

  private static Engine loadVector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      return (Engine) Class.forName("dev.floe.core.rs.VectorEngine").getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
