package dev.floe.core.crypto;

/** The portable batch: one message after the other on the scalar compression function. */
final class ScalarBlake2bBatch implements Blake2bBatch {
  static final ScalarBlake2bBatch INSTANCE = new ScalarBlake2bBatch();

  private ScalarBlake2bBatch() {}

  @Override
  public void hash(byte prefix, byte[] data, int off, int stride, int len, int count, byte[] out, int outOff) {
    for (int i = 0; i < count; i++) {
      Blake2b256.prefixedHash(prefix, data, off + i * stride, len, out, outOff + i * Blake2b256.DIGEST_LENGTH);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
