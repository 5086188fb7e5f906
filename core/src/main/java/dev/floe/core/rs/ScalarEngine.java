package dev.floe.core.rs;

/** Portable engine: one element at a time through the log/exp tables. The reference for the others. */
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
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int j = 0; j < width; j++) {
        int x = element(buf, a + j, half);
        int y = element(buf, b + j, half);
        if (multiply) {
          x ^= Gf16.mul(y, logM);
        }
        y ^= x;
        store(buf, a + j, half, x);
        store(buf, b + j, half, y);
      }
    }
  }

  @Override
  void ifft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int j = 0; j < width; j++) {
        int x = element(buf, a + j, half);
        int y = element(buf, b + j, half) ^ x;
        if (multiply) {
          x ^= Gf16.mul(y, logM);
        }
        store(buf, a + j, half, x);
        store(buf, b + j, half, y);
      }
    }
  }

  @Override
  void mulRow(byte[] buf, int a, int half, int width, int logM) {
    for (int j = 0; j < width; j++) {
      store(buf, a + j, half, Gf16.mul(element(buf, a + j, half), logM));
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
