package dev.floe.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.LongVector;

/**
 * Batch hashing four messages at a time with {@link Blake2bLaneCompressor}; a remainder of fewer
 * than four messages goes through the scalar path. Each block's sixteen words are transposed into
 * a {@code long[]} (directly from the input when the block lies inside it, through a small zeroed
 * buffer at the prefixed start and padded end). Thread-safe: the scratch arrays are per thread, so
 * a call allocates nothing.
 */
final class VectorBlake2bBatch implements Blake2bBatch {
  /** The instance, or null where 256-bit vectors would be emulated rather than native. */
  static final VectorBlake2bBatch INSTANCE =
      LongVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? new VectorBlake2bBatch() : null;

  private static final int LANES = Blake2bLaneCompressor.LANES;
  private static final int BLOCK = Blake2bCompressor.BLOCK_BYTES;
  private static final long H0 = Blake2bCompressor.IV0 ^ 0x01010000L ^ Blake2b256.DIGEST_LENGTH;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Transposed chaining values and message words of four lanes, and four block buffers. */
  private static final class Scratch {
    final long[] h = new long[8 * LANES];
    final long[] m = new long[16 * LANES];
    final byte[] buffer = new byte[LANES * BLOCK];
  }

  private VectorBlake2bBatch() {}

  @Override
  public void hash(byte prefix, byte[] data, int off, int stride, int len, int count, byte[] out, int outOff) {
    int groups = count / LANES;
    if (groups > 0) {
      Scratch scratch = SCRATCH.get();
      long[] h = scratch.h;
      long[] m = scratch.m;
      byte[] buffer = scratch.buffer;
      for (int g = 0; g < groups; g++) {
        hashGroup(prefix, data, off + g * LANES * stride, stride, len, h, m, buffer);
        for (int lane = 0; lane < LANES; lane++) {
          int at = outOff + (g * LANES + lane) * Blake2b256.DIGEST_LENGTH;
          for (int w = 0; w < 4; w++) {
            LONG_LE.set(out, at + 8 * w, h[w * LANES + lane]);
          }
        }
      }
    }
    int done = groups * LANES;
    if (done < count) {
      ScalarBlake2bBatch.INSTANCE.hash(
          prefix, data, off + done * stride, stride, len, count - done, out, outOff + done * Blake2b256.DIGEST_LENGTH);
    }
  }

  /** Leaves the four digests in h[0..16) (words 0..3 of each lane). */
  private static void hashGroup(
      byte prefix, byte[] data, int base, int stride, int len, long[] h, long[] m, byte[] buffer) {
    for (int lane = 0; lane < LANES; lane++) {
      h[lane] = H0;
      h[LANES + lane] = Blake2bCompressor.IV1;
      h[2 * LANES + lane] = Blake2bCompressor.IV2;
      h[3 * LANES + lane] = Blake2bCompressor.IV3;
      h[4 * LANES + lane] = Blake2bCompressor.IV4;
      h[5 * LANES + lane] = Blake2bCompressor.IV5;
      h[6 * LANES + lane] = Blake2bCompressor.IV6;
      h[7 * LANES + lane] = Blake2bCompressor.IV7;
    }
    long total = 1L + len;
    long blocks = Math.max(1, (total + BLOCK - 1) / BLOCK);
    for (long b = 0; b < blocks; b++) {
      long start = b * BLOCK; // position in the prefixed message; data index = position - 1
      boolean inside = start >= 1 && start + BLOCK - 1 <= len;
      for (int lane = 0; lane < LANES; lane++) {
        int message = base + lane * stride;
        if (inside) {
          int at = message + (int) start - 1;
          for (int k = 0; k < 16; k++) {
            m[k * LANES + lane] = (long) LONG_LE.get(data, at + 8 * k);
          }
        } else {
          int pos = lane * BLOCK;
          if (start == 0) {
            buffer[pos++] = prefix;
          }
          int from = (int) Math.max(start - 1, 0);
          int to = (int) Math.min(start + BLOCK - 1, len);
          if (to > from) {
            System.arraycopy(data, message + from, buffer, pos, to - from);
            pos += to - from;
          }
          Arrays.fill(buffer, pos, (lane + 1) * BLOCK, (byte) 0);
          for (int k = 0; k < 16; k++) {
            m[k * LANES + lane] = (long) LONG_LE.get(buffer, lane * BLOCK + 8 * k);
          }
        }
      }
      Blake2bLaneCompressor.compress(h, m, Math.min(start + BLOCK, total), b == blocks - 1);
    }
  }

  @Override
  public String name() {
    return "vector-4x64";
  }
}
