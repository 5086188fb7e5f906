package dev.floe.core.rs;

import java.util.Arrays;

/**
 * The row operations of the additive FFT codec over a {@link Work} area: the truncated FFT and
 * inverse FFT of reed-solomon-simd, multiplication of a row by a constant, row xor, zeroing and the
 * formal derivative. Subclasses supply the radix-2 butterfly blocks and the row multiply over the
 * two byte planes of {@link Work} rows; everything else is shared. Implementations are stateless
 * and thread-safe.
 */
abstract class Engine {

  /** Short name for diagnostics and test display names. */
  abstract String name();

  /**
   * Radix-2 FFT block: for {@code i < dist}, rows {@code a = base + i} and {@code b = a + dist}
   * (row stride {@code rowBytes}): {@code a ^= b * exp(logM)} unless {@code logM == 65535} (a zero
   * factor), then {@code b ^= a}.
   */
  abstract void fft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM);

  /** Radix-2 inverse FFT block: {@code b ^= a}, then {@code a ^= b * exp(logM)} unless {@code logM == 65535}. */
  abstract void ifft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM);

  /**
   * Two FFT layers on a block of {@code 4*d} rows starting at {@code base}: the layer of distance
   * {@code 2d} with {@code logOuter}, then the layer of distance {@code d} with {@code logFirst} on
   * the first half and {@code logSecond} on the second half. Visiting layers in pairs keeps a block
   * in cache; an engine may override this to fuse the two layers in registers.
   */
  void fft4(byte[] buf, int base, int d, int rowBytes, int half, int width, int logOuter, int logFirst, int logSecond) {
    fft2(buf, base, 2 * d, rowBytes, half, width, logOuter);
    fft2(buf, base, d, rowBytes, half, width, logFirst);
    fft2(buf, base + 2 * d * rowBytes, d, rowBytes, half, width, logSecond);
  }

  /** Inverse of {@link #fft4}: the two distance-{@code d} blocks first, then distance {@code 2d}. */
  void ifft4(byte[] buf, int base, int d, int rowBytes, int half, int width, int logOuter, int logFirst, int logSecond) {
    ifft2(buf, base, d, rowBytes, half, width, logFirst);
    ifft2(buf, base + 2 * d * rowBytes, d, rowBytes, half, width, logSecond);
    ifft2(buf, base, 2 * d, rowBytes, half, width, logOuter);
  }

  /** Multiplies the live elements of the row at {@code a} (low plane; high plane {@code half} later) by {@code exp(logM)} in place. */
  abstract void mulRow(byte[] buf, int a, int half, int width, int logM);

  /**
   * Splits {@code blocks} 64-byte shard blocks at {@code src[srcPos]} into planes: the 32 low bytes
   * of block {@code k} go to {@code dst[lo + 32k]}, the 32 high bytes to {@code dst[hi + 32k]}.
   */
  void splitBlocks(byte[] src, int srcPos, byte[] dst, int lo, int hi, int blocks) {
    for (int k = 0; k < blocks; k++) {
      System.arraycopy(src, srcPos + 64 * k, dst, lo + 32 * k, 32);
      System.arraycopy(src, srcPos + 64 * k + 32, dst, hi + 32 * k, 32);
    }
  }

  /** Inverse of {@link #splitBlocks}: joins the planes back into 64-byte shard blocks. */
  void joinBlocks(byte[] src, int lo, int hi, byte[] dst, int dstPos, int blocks) {
    for (int k = 0; k < blocks; k++) {
      System.arraycopy(src, lo + 32 * k, dst, dstPos + 64 * k, 32);
      System.arraycopy(src, hi + 32 * k, dst, dstPos + 64 * k + 32, 32);
    }
  }

  /** {@code buf[dst + i] ^= buf[src + i]} for {@code i < length}. */
  void xorBytes(byte[] buf, int dst, int src, int length) {
    for (int i = 0; i < length; i++) {
      buf[dst + i] ^= buf[src + i];
    }
  }

  /**
   * Decimation-in-time FFT over rows {@code pos .. pos+size}, computing only outputs below {@code
   * truncated}; twiddles are taken as if the rows sat at field position {@code skewDelta}. Layers
   * are fused two at a time; rows at or above {@code truncated} may be left with any value.
   */
  final void fft(Work w, int pos, int size, int truncated, int skewDelta) {
    byte[] buf = w.buf;
    int rowBytes = w.rowBytes;
    int dist = size >> 1;
    if ((Integer.numberOfTrailingZeros(size) & 1) != 0) {
      fft2(buf, w.row(pos), dist, rowBytes, w.half, w.width, Gf16.SKEW[dist + skewDelta - 1]);
      dist >>= 1;
    }
    for (; dist >= 2; dist >>= 2) {
      int d = dist >> 1;
      for (int r = 0; r < truncated; r += 4 * d) {
        int delta = r + skewDelta - 1;
        fft4(buf, w.row(pos + r), d, rowBytes, w.half, w.width,
            Gf16.SKEW[delta + 2 * d], Gf16.SKEW[delta + d], Gf16.SKEW[delta + 3 * d]);
      }
    }
  }

  /**
   * Inverse of {@link #fft}, reading only inputs below {@code truncated} (the rows from there to
   * {@code size} must be zero).
   */
  final void ifft(Work w, int pos, int size, int truncated, int skewDelta) {
    byte[] buf = w.buf;
    int rowBytes = w.rowBytes;
    int dist = 1;
    for (; 4 * dist <= size; dist <<= 2) {
      int d = dist;
      for (int r = 0; r < truncated; r += 4 * d) {
        int delta = r + skewDelta - 1;
        ifft4(buf, w.row(pos + r), d, rowBytes, w.half, w.width,
            Gf16.SKEW[delta + 2 * d], Gf16.SKEW[delta + d], Gf16.SKEW[delta + 3 * d]);
      }
    }
    if (dist < size) {
      ifft2(buf, w.row(pos), dist, rowBytes, w.half, w.width, Gf16.SKEW[dist + skewDelta - 1]);
    }
  }

  /** Multiplies row {@code row} by {@code exp(logM)}. */
  final void mul(Work w, int row, int logM) {
    mulRow(w.buf, w.row(row), w.half, w.width, logM);
  }

  /** Rows {@code dst .. dst+count} ^= rows {@code src .. src+count} (live elements only). */
  final void xorRows(Work w, int dst, int src, int count) {
    if (w.width == w.half) {
      xorBytes(w.buf, w.row(dst), w.row(src), count * w.rowBytes);
      return;
    }
    for (int i = 0; i < count; i++) {
      int d = w.row(dst + i);
      int s = w.row(src + i);
      xorBytes(w.buf, d, s, w.width);
      xorBytes(w.buf, d + w.half, s + w.half, w.width);
    }
  }

  /** Zeroes rows {@code from .. to}. */
  final void zero(Work w, int from, int to) {
    if (to > from) {
      Arrays.fill(w.buf, w.row(from), w.row(to), (byte) 0);
    }
  }

  /** Copies rows {@code src .. src+count} over rows {@code dst .. dst+count} (non-overlapping). */
  final void copyRows(Work w, int src, int dst, int count) {
    System.arraycopy(w.buf, w.row(src), w.buf, w.row(dst), count * w.rowBytes);
  }

  /** Formal derivative in the novel polynomial basis over rows {@code 0 .. count}. */
  final void formalDerivative(Work w, int count) {
    for (int i = 1; i < count; i++) {
      int width = ((i ^ (i - 1)) + 1) >>> 1;
      xorRows(w, i - width, i, width);
    }
  }
}
