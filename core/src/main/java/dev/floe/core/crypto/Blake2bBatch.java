package dev.floe.core.crypto;

/**
 * Hashes many equally long messages of the form {@code prefix ‖ data[off + i * stride, +len)} at
 * once: the Merkle leaf and inner-node workload, where thousands of same-size inputs are hashed in
 * a row. Implementations are stateless and thread-safe.
 */
interface Blake2bBatch {
  /**
   * Writes Blake2b-256({@code prefix ‖ data[off + i * stride, +len)}) to {@code out[outOff + 32 i,
   * +32)} for {@code i} in [0, count). The output may overlap the input only when {@code outOff <=
   * off} and {@code stride >= 32}: each message is fully read before its digest is written, and
   * digests are written in increasing order.
   */
  void hash(byte prefix, byte[] data, int off, int stride, int len, int count, byte[] out, int outOff);

  /** A short name for logs and tests. */
  String name();
}
