package dev.floe.core.crypto;

/** The portable batch: one message after the other on the scalar compression function. */
final class ScalarBlake2bBatch implements Blake2bBatch {
  static final ScalarBlake2bBatch INSTANCE = new ScalarBlake2bBatch();

  private ScalarBlake2bBatch() {}

  @Override
  public void hash(byte prefix, byte[] data, int off, int stride, int len, int count, byte[] out, int outOff) {
    Blake2b256 d = new Blake2b256();
    for (int i = 0; i < count; i++) {
      d.update(prefix);
      d.update(data, off + i * stride, len);
      d.doFinal(out, outOff + i * Blake2b256.DIGEST_LENGTH);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
