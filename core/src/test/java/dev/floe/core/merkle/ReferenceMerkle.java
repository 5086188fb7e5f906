package dev.floe.core.merkle;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * A deliberately naive Merkle implementation for tests: BouncyCastle's Blake2b, one list per level,
 * written straight from the Walrus rules so that it shares no code with {@link MerkleTree}.
 */
final class ReferenceMerkle {
  private ReferenceMerkle() {}

  static byte[] blake(byte prefix, byte[]... parts) {
    Blake2bDigest d = new Blake2bDigest(256);
    d.update(prefix);
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  static List<List<byte[]>> levels(List<byte[]> leaves) {
    List<List<byte[]>> levels = new ArrayList<>();
    List<byte[]> level = new ArrayList<>();
    for (byte[] leaf : leaves) {
      level.add(blake((byte) 0, leaf));
    }
    levels.add(level);
    while (level.size() > 1) {
      if (level.size() % 2 == 1) {
        level.add(new byte[32]);
      }
      List<byte[]> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        next.add(blake((byte) 1, level.get(i), level.get(i + 1)));
      }
      levels.add(next);
      level = next;
    }
    return levels;
  }

  static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return new byte[32];
    }
    List<List<byte[]>> levels = levels(leaves);
    return levels.get(levels.size() - 1).get(0);
  }
}
