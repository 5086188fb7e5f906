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
  void fftButterfly(byte[] buf, int a, int b, int half, int width, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    for (int j = 0; j < width; j++) {
      int x = (buf[a + j] & 0xFF) | (buf[a + half + j] & 0xFF) << 8;
      int y = (buf[b + j] & 0xFF) | (buf[b + half + j] & 0xFF) << 8;
      if (multiply) {
        x ^= Gf16.mul(y, logM);
      }
      y ^= x;
      buf[a + j] = (byte) x;
      buf[a + half + j] = (byte) (x >>> 8);
      buf[b + j] = (byte) y;
      buf[b + half + j] = (byte) (y >>> 8);
    }
  }

  @Override
  void ifftButterfly(byte[] buf, int a, int b, int half, int width, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    for (int j = 0; j < width; j++) {
      int x = (buf[a + j] & 0xFF) | (buf[a + half + j] & 0xFF) << 8;
      int y = (buf[b + j] & 0xFF) | (buf[b + half + j] & 0xFF) << 8;
      y ^= x;
      if (multiply) {
        x ^= Gf16.mul(y, logM);
      }
      buf[a + j] = (byte) x;
      buf[a + half + j] = (byte) (x >>> 8);
      buf[b + j] = (byte) y;
      buf[b + half + j] = (byte) (y >>> 8);
    }
  }

  @Override
  void mulRow(byte[] buf, int a, int half, int width, int logM) {
    for (int j = 0; j < width; j++) {
      int x = (buf[a + j] & 0xFF) | (buf[a + half + j] & 0xFF) << 8;
      x = Gf16.mul(x, logM);
      buf[a + j] = (byte) x;
      buf[a + half + j] = (byte) (x >>> 8);
    }
  }
}
