package dev.floe.core.rs;

/** Portable engine: one element at a time through the log/exp tables. The reference for the others. */
final class ScalarEngine extends Engine {
  static final ScalarEngine INSTANCE = new ScalarEngine();
  private static final int HI = Work.BLOCK_ELEMENTS;

  private ScalarEngine() {}

  @Override
  String name() {
    return "scalar";
  }

  @Override
  void fft2(byte[] buf, int base, int dist, int rowBytes, int bytes, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int block = 0; block < bytes; block += Work.BLOCK) {
        for (int lane = block; lane < block + HI; lane++) {
          int x = element(buf, a + lane);
          int y = element(buf, b + lane);
          if (multiply) {
            x ^= Gf16.mul(y, logM);
          }
          y ^= x;
          store(buf, a + lane, x);
          store(buf, b + lane, y);
        }
      }
    }
  }

  @Override
  void ifft2(byte[] buf, int base, int dist, int rowBytes, int bytes, int logM) {
    boolean multiply = logM != Gf16.MODULUS;
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int block = 0; block < bytes; block += Work.BLOCK) {
        for (int lane = block; lane < block + HI; lane++) {
          int x = element(buf, a + lane);
          int y = element(buf, b + lane) ^ x;
          if (multiply) {
            x ^= Gf16.mul(y, logM);
          }
          store(buf, a + lane, x);
          store(buf, b + lane, y);
        }
      }
    }
  }

  @Override
  void mulRow(byte[] buf, int a, int bytes, int logM) {
    for (int block = 0; block < bytes; block += Work.BLOCK) {
      for (int lane = block; lane < block + HI; lane++) {
        store(buf, a + lane, Gf16.mul(element(buf, a + lane), logM));
      }
    }
  }

  private static int element(byte[] buf, int lo) {
    return (buf[lo] & 0xFF) | (buf[lo + HI] & 0xFF) << 8;
  }

  private static void store(byte[] buf, int lo, int value) {
    buf[lo] = (byte) value;
    buf[lo + HI] = (byte) (value >>> 8);
  }
}
