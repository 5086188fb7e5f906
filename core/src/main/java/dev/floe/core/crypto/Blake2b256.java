package dev.floe.core.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * BLAKE2b with a 32-byte digest, unkeyed, no salt or personalisation (RFC 7693): the hash of every
 * Walrus commitment (Merkle leaves and nodes, blob IDs).
 *
 * <p>Two ways to use it:
 *
 * <ul>
 *   <li>static one-shot methods ({@link #hash(byte[], int, int, byte[], int)}, {@link #leafHash},
 *       {@link #innerHash}) that allocate nothing: each thread reuses one internal instance;
 *   <li>an incremental instance: {@link #update(byte[], int, int)} any number of times, then {@link
 *       #doFinal(byte[], int)}, which also resets it for the next message;
 *   <li>batch methods for Merkle trees ({@link #leafHashes}, {@link #innerHashes}) that hash four
 *       equally long messages at once in 256-bit vector lanes when the {@code
 *       jdk.incubator.vector} module is available, about three times the scalar throughput.
 * </ul>
 *
 * <p>An instance is not thread-safe; the static methods are (each thread, virtual threads
 * included, lazily gets its own 400-byte scratch instance).
 */
public final class Blake2b256 {
  /** Digest length in bytes. */
  public static final int DIGEST_LENGTH = 32;

  /** Prefix byte of a Merkle leaf hash. */
  public static final byte LEAF_PREFIX = 0x00;

  /** Prefix byte of a Merkle inner-node hash. */
  public static final byte INNER_PREFIX = 0x01;

  private static final int BLOCK = Blake2bCompressor.BLOCK_BYTES;

  /** Parameter block word 0 for an unkeyed 32-byte digest: depth 1, fanout 1, key 0, length 32. */
  private static final long H0 = Blake2bCompressor.IV0 ^ 0x01010000L ^ DIGEST_LENGTH;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ThreadLocal<Blake2b256> PER_THREAD = ThreadLocal.withInitial(Blake2b256::new);

  private final long[] state = new long[Blake2bCompressor.STATE_LONGS];
  private final byte[] buffer = new byte[BLOCK];
  private int buffered;
  private long counter;

  /** A fresh instance, ready for {@link #update}. */
  public Blake2b256() {
    reset();
  }

  /** Discards any input and starts a new message. */
  public void reset() {
    long[] h = state;
    h[0] = H0;
    h[1] = Blake2bCompressor.IV1;
    h[2] = Blake2bCompressor.IV2;
    h[3] = Blake2bCompressor.IV3;
    h[4] = Blake2bCompressor.IV4;
    h[5] = Blake2bCompressor.IV5;
    h[6] = Blake2bCompressor.IV6;
    h[7] = Blake2bCompressor.IV7;
    buffered = 0;
    counter = 0;
  }

  /** Absorbs one byte. */
  public void update(byte b) {
    if (buffered == BLOCK) {
      // more input follows, so the buffered block is not the last one
      counter += BLOCK;
      Blake2bCompressor.compress(state, buffer, 0, counter, false);
      buffered = 0;
    }
    buffer[buffered++] = b;
  }

  /** Absorbs all of {@code in}. */
  public void update(byte[] in) {
    update(in, 0, in.length);
  }

  /**
   * Absorbs {@code in[off..off+len)}.
   *
   * @throws IndexOutOfBoundsException if the range is not inside {@code in}
   */
  public void update(byte[] in, int off, int len) {
    Objects.checkFromIndexSize(off, len, in.length);
    if (len == 0) {
      return;
    }
    if (buffered > 0) {
      int free = BLOCK - buffered;
      if (len <= free) {
        System.arraycopy(in, off, buffer, buffered, len);
        buffered += len;
        return;
      }
      System.arraycopy(in, off, buffer, buffered, free);
      counter += BLOCK;
      Blake2bCompressor.compress(state, buffer, 0, counter, false);
      buffered = 0;
      off += free;
      len -= free;
    }
    // the final block must be compressed with the last flag, so keep at least one byte back
    while (len > BLOCK) {
      counter += BLOCK;
      Blake2bCompressor.compress(state, in, off, counter, false);
      off += BLOCK;
      len -= BLOCK;
    }
    System.arraycopy(in, off, buffer, 0, len);
    buffered = len;
  }

  /**
   * Writes the 32-byte digest to {@code out[outOff..outOff+32)} and resets this instance.
   *
   * @throws IndexOutOfBoundsException if fewer than 32 bytes fit at {@code outOff}
   */
  public void doFinal(byte[] out, int outOff) {
    Objects.checkFromIndexSize(outOff, DIGEST_LENGTH, out.length);
    counter += buffered;
    Arrays.fill(buffer, buffered, BLOCK, (byte) 0);
    Blake2bCompressor.compress(state, buffer, 0, counter, true);
    LONG_LE.set(out, outOff, state[0]);
    LONG_LE.set(out, outOff + 8, state[1]);
    LONG_LE.set(out, outOff + 16, state[2]);
    LONG_LE.set(out, outOff + 24, state[3]);
    reset();
  }

  /** Returns the 32-byte digest and resets this instance. */
  public byte[] doFinal() {
    byte[] out = new byte[DIGEST_LENGTH];
    doFinal(out, 0);
    return out;
  }

  /** Blake2b-256 of {@code in}, as a new array. */
  public static byte[] hash(byte[] in) {
    byte[] out = new byte[DIGEST_LENGTH];
    hash(in, 0, in.length, out, 0);
    return out;
  }

  /**
   * Writes Blake2b-256 of {@code in[off..off+len)} to {@code out[outOff..outOff+32)} without
   * allocating. {@code out} may overlap the input.
   */
  public static void hash(byte[] in, int off, int len, byte[] out, int outOff) {
    Blake2b256 d = PER_THREAD.get();
    d.reset();
    d.update(in, off, len);
    d.doFinal(out, outOff);
  }

  /**
   * Writes the Merkle leaf hash Blake2b-256(0x00 ‖ data[off..off+len)) to {@code
   * out[outOff..outOff+32)} without allocating. {@code out} may overlap the input.
   */
  public static void leafHash(byte[] data, int off, int len, byte[] out, int outOff) {
    prefixedHash(LEAF_PREFIX, data, off, len, out, outOff);
  }

  /** Blake2b-256(prefix ‖ data[off..off+len)) into {@code out[outOff..outOff+32)}. */
  static void prefixedHash(byte prefix, byte[] data, int off, int len, byte[] out, int outOff) {
    Blake2b256 d = PER_THREAD.get();
    d.reset();
    d.update(prefix);
    d.update(data, off, len);
    d.doFinal(out, outOff);
  }

  /** The Merkle leaf hash Blake2b-256(0x00 ‖ data), as a new array. */
  public static byte[] leafHash(byte[] data) {
    byte[] out = new byte[DIGEST_LENGTH];
    leafHash(data, 0, data.length, out, 0);
    return out;
  }

  /**
   * Writes the Merkle inner hash Blake2b-256(0x01 ‖ left[lOff..lOff+32) ‖ right[rOff..rOff+32))
   * to {@code out[outOff..outOff+32)} without allocating. {@code out} may overlap either child.
   */
  public static void innerHash(
      byte[] left, int lOff, byte[] right, int rOff, byte[] out, int outOff) {
    Objects.checkFromIndexSize(lOff, DIGEST_LENGTH, left.length);
    Objects.checkFromIndexSize(rOff, DIGEST_LENGTH, right.length);
    Blake2b256 d = PER_THREAD.get();
    d.reset();
    byte[] b = d.buffer;
    b[0] = INNER_PREFIX;
    System.arraycopy(left, lOff, b, 1, DIGEST_LENGTH);
    System.arraycopy(right, rOff, b, 1 + DIGEST_LENGTH, DIGEST_LENGTH);
    d.buffered = 1 + 2 * DIGEST_LENGTH;
    d.doFinal(out, outOff);
  }

  /**
   * Writes the leaf hashes of {@code count} consecutive leaves of {@code leafSize} bytes, starting at
   * {@code data[off]}, to consecutive 32-byte slots from {@code out[outOff]}. The output must not
   * overlap the input.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array
   */
  public static void leafHashes(byte[] data, int off, int leafSize, int count, byte[] out, int outOff) {
    leafHashes(data, off, leafSize, leafSize, count, out, outOff);
  }

  /**
   * Like {@link #leafHashes(byte[], int, int, int, byte[], int)} for leaves that are {@code stride}
   * bytes apart (a column of a row-major matrix): leaf {@code i} is {@code data[off + i * stride,
   * +leafSize)}. Hashing a whole column in one call keeps the vector batch full where a few
   * adjacent symbols would not.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array or {@code stride < leafSize}
   */
  public static void leafHashes(
      byte[] data, int off, int stride, int leafSize, int count, byte[] out, int outOff) {
    if (stride < leafSize) {
      throw new IndexOutOfBoundsException("stride " + stride + " is below the leaf size " + leafSize);
    }
    checkBatch(data.length, off, stride, leafSize, count, out.length, outOff);
    Blake2bBatches.best().hash(LEAF_PREFIX, data, off, stride, leafSize, count, out, outOff);
  }

  /**
   * Computes one Merkle level: parent {@code i} = H(0x01 ‖ 64 bytes at {@code nodes[off + 64 i]}),
   * written to {@code out[outOff + 32 i]} for {@code i} in [0, count). {@code out} may be {@code
   * nodes} itself with {@code outOff <= off}, so a tree can be folded in place.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array
   */
  public static void innerHashes(byte[] nodes, int off, int count, byte[] out, int outOff) {
    checkBatch(nodes.length, off, 2 * DIGEST_LENGTH, 2 * DIGEST_LENGTH, count, out.length, outOff);
    if (out == nodes && outOff > off) {
      throw new IllegalArgumentException("in-place inner hashing needs outOff <= off");
    }
    Blake2bBatches.best().hash(INNER_PREFIX, nodes, off, 2 * DIGEST_LENGTH, 2 * DIGEST_LENGTH, count, out, outOff);
  }

  /** Name of the batch implementation in use ("vector-4x64" or "scalar"). */
  public static String batchImplementation() {
    return Blake2bBatches.best().name();
  }

  private static void checkBatch(int dataLength, int off, int stride, int len, int count, int outLength, int outOff) {
    if (count < 0 || len < 0) {
      throw new IndexOutOfBoundsException("negative count " + count + " or length " + len);
    }
    if (count == 0) {
      return;
    }
    long lastEnd = (long) off + (long) (count - 1) * stride + len;
    if (off < 0 || lastEnd > dataLength) {
      throw new IndexOutOfBoundsException(
          count + " messages of " + len + " bytes from offset " + off + " do not fit in " + dataLength + " bytes");
    }
    Objects.checkFromIndexSize(outOff, Math.multiplyExact(count, DIGEST_LENGTH), outLength);
  }
}
