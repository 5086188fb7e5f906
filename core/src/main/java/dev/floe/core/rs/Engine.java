package dev.floe.core.rs;

import java.util.Arrays;

/**
 * The row operations of the additive FFT codec over a {@link Work} area: the truncated FFT and
 * inverse FFT of reed-solomon-simd, multiplication of a row by a constant, row xor, zeroing and the
 * formal derivative. Subclasses supply the two butterflies and the row multiply; everything else is
 * shared. Implementations are stateless and thread-safe.
 */
abstract class Engine {

  /** Short name for diagnostics and test display names. */
  abstract String name();

  /**
   * FFT butterfly on rows {@code a} and {@code b} (byte offsets of their low planes): {@code a ^=
   * b * exp(logM)} unless {@code logM == 65535}, then {@code b ^= a}.
   */
  abstract void fftButterfly(byte[] buf, int a, int b, int half, int width, int logM);

  /** Inverse FFT butterfly: {@code b ^= a}, then {@code a ^= b * exp(logM)} unless {@code logM == 65535}. */
  abstract void ifftButterfly(byte[] buf, int a, int b, int half, int width, int logM);

  /** Multiplies row {@code a} (byte offset of its low plane) by {@code exp(logM)} in place. */
  abstract void mulRow(byte[] buf, int a, int half, int width, int logM);

  /** {@code buf[dst + i] ^= buf[src + i]} for {@code i < length}. */
  void xorBytes(byte[] buf, int dst, int src, int length) {
    for (int i = 0; i < length; i++) {
      buf[dst + i] ^= buf[src + i];
    }
  }

  /**
   * Decimation-in-time FFT over rows {@code pos .. pos+size}, computing only outputs below {@code
   * truncated}; twiddles are taken as if the rows sat at field position {@code skewDelta}.
   */
  void fft(Work w, int pos, int size, int truncated, int skewDelta) {
    byte[] buf = w.buf;
    for (int dist = size >> 1; dist > 0; dist >>= 1) {
      for (int r = 0; r < truncated; r += dist << 1) {
        int logM = Gf16.SKEW[r + dist + skewDelta - 1];
        for (int i = r; i < r + dist; i++) {
          fftButterfly(buf, w.lo(pos + i), w.lo(pos + i + dist), w.half, w.width, logM);
        }
      }
    }
  }

  /** Inverse of {@link #fft}, reading only inputs below {@code truncated} (the rest must be zero). */
  void ifft(Work w, int pos, int size, int truncated, int skewDelta) {
    byte[] buf = w.buf;
    for (int dist = 1; dist < size; dist <<= 1) {
      for (int r = 0; r < truncated; r += dist << 1) {
        int logM = Gf16.SKEW[r + dist + skewDelta - 1];
        for (int i = r; i < r + dist; i++) {
          ifftButterfly(buf, w.lo(pos + i), w.lo(pos + i + dist), w.half, w.width, logM);
        }
      }
    }
  }

  /** Multiplies row {@code row} by {@code exp(logM)}. */
  final void mul(Work w, int row, int logM) {
    mulRow(w.buf, w.lo(row), w.half, w.width, logM);
  }

  /** Rows {@code dst .. dst+count} ^= rows {@code src .. src+count} (live width only). */
  final void xorRows(Work w, int dst, int src, int count) {
    if (w.width == w.half) {
      xorBytes(w.buf, w.lo(dst), w.lo(src), count * w.rowBytes);
      return;
    }
    for (int i = 0; i < count; i++) {
      int d = w.lo(dst + i);
      int s = w.lo(src + i);
      xorBytes(w.buf, d, s, w.width);
      xorBytes(w.buf, d + w.half, s + w.half, w.width);
    }
  }

  /** Zeroes rows {@code from .. to}. */
  final void zero(Work w, int from, int to) {
    if (to > from) {
      Arrays.fill(w.buf, w.lo(from), w.lo(to), (byte) 0);
    }
  }

  /** Copies rows {@code src .. src+count} over rows {@code dst .. dst+count} (non-overlapping). */
  final void copyRows(Work w, int src, int dst, int count) {
    System.arraycopy(w.buf, w.lo(src), w.buf, w.lo(dst), count * w.rowBytes);
  }

  /** Formal derivative in the novel polynomial basis over rows {@code 0 .. count}. */
  final void formalDerivative(Work w, int count) {
    for (int i = 1; i < count; i++) {
      int width = ((i ^ (i - 1)) + 1) >>> 1;
      xorRows(w, i - width, i, width);
    }
  }
}
