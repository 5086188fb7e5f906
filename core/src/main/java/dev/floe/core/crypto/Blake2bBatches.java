package dev.floe.core.crypto;

import java.util.List;

/**
 * Picks the fastest batch hasher this JVM can run: the four-lane Vector API one when the {@code
 * jdk.incubator.vector} module is present with 256-bit vectors (and {@code floe.blake2b.engine} is
 * not {@code scalar}), otherwise the portable one. The vector class is only touched reflectively, so
 * core works without the incubator module.
 */
final class Blake2bBatches {
  private static final Blake2bBatch VECTOR = loadVector();
  private static final Blake2bBatch BEST =
      VECTOR != null && !"scalar".equals(System.getProperty("floe.blake2b.engine"))
          ? VECTOR
          : ScalarBlake2bBatch.INSTANCE;

  private Blake2bBatches() {}

  static Blake2bBatch best() {
    return BEST;
  }

  /** Every batch hasher this JVM can run, the portable one first (for tests). */
  static List<Blake2bBatch> all() {
    return VECTOR == null ? List.of(ScalarBlake2bBatch.INSTANCE) : List.of(ScalarBlake2bBatch.INSTANCE, VECTOR);
  }

  private static Blake2bBatch loadVector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      return (Blake2bBatch)
          Class.forName("dev.floe.core.crypto.VectorBlake2bBatch").getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
