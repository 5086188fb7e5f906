package dev.floe.core.rs;

/**
 * Portable engine: one element at a time, multiplying through small per-constant nibble tables
 * ({@link MulTables#elementsOf}), which stay in L1 where the 128 KiB log/exp tables do not. Used
 * without the Vector API module and while the vector engine warms up; tests use it as the
 * reference.
 */
final class ScalarEngine extends Engine {
  static final ScalarEngine INSTANCE = new ScalarEngine();

  private ScalarEngine() {}

  @Override
  String name() {
    return "scalar";
  }

  @Override
  void fft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    char[] table = MulTables.elementsOf(logM);
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int lane = 0; lane < width; lane++) {
        int x = element(buf, a + lane, half);
        int y = element(buf, b + lane, half);
        if (multiply) {
          x ^= MulTables.multiply(table, y);
        }
        y ^= x;
        store(buf, a + lane, half, x);
        store(buf, b + lane, half, y);
      }
    }
  }

  @Override
  void ifft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    char[] table = MulTables.elementsOf(logM);
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int lane = 0; lane < width; lane++) {
        int x = element(buf, a + lane, half);
        int y = element(buf, b + lane, half) ^ x;
        if (multiply) {
          x ^= MulTables.multiply(table, y);
        }
        store(buf, a + lane, half, x);
        store(buf, b + lane, half, y);
      }
    }
  }

  @Override
  void mulRow(byte[] buf, int a, int half, int width, int logM) {
    char[] table = MulTables.elementsOf(logM);
    for (int lane = 0; lane < width; lane++) {
      store(buf, a + lane, half, MulTables.multiply(table, element(buf, a + lane, half)));
    }
  }

  private static int element(byte[] buf, int lo, int half) {
    return (buf[lo] & 0xFF) | (buf[lo + half] & 0xFF) << 8;
  }

  private static void store(byte[] buf, int lo, int half, int value) {
    buf[lo] = (byte) value;
    buf[lo + half] = (byte) (value >>> 8);
  }
}
