package dev.floe.core.rs;

import java.util.List;

/**
 * Picks the fastest engine this JVM can run: the Vector API engine when the {@code
 * jdk.incubator.vector} module is present (and {@code floe.rs.engine} is not {@code scalar}),
 * otherwise the portable one.
 */
final class Engines {
  private static final Engine VECTOR = loadVector();
  private static final Engine BEST =
      VECTOR != null && !"scalar".equals(System.getProperty("floe.rs.engine")) ? VECTOR : ScalarEngine.INSTANCE;

  private Engines() {}

  static Engine best() {
    return BEST;
  }

  static Engine scalar() {
    return ScalarEngine.INSTANCE;
  }

  /** Every engine this JVM can run, the portable one first (for tests). */
  static List<Engine> all() {
    return VECTOR == null ? List.of(ScalarEngine.INSTANCE) : List.of(ScalarEngine.INSTANCE, VECTOR);
  }

  private static Engine loadVector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      return (Engine)
          Class.forName("dev.floe.core.rs.VectorEngine").getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
