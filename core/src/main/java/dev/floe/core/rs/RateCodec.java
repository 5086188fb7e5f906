package dev.floe.core.rs;

import java.util.Arrays;

/**
 * The transform recipe of one rate for fixed counts: where originals and recovery shards sit in the
 * field, how a strip is encoded, and how erasures are decoded (Leopard-RS's error-locator method:
 * multiply by the locator, IFFT, formal derivative, FFT, divide by the locator's derivative).
 * Thread-safe: all mutable state of a call lives in the {@link Work} passed in; the only other
 * state is a cache of the last error locator, replaced atomically.
 */
abstract sealed class RateCodec permits HighRateCodec, LowRateCodec {
  final int originalCount;
  final int recoveryCount;
  /** The power-of-two chunk size of this rate. */
  final int chunk;
  private volatile Locator lastLocator;

  RateCodec(int originalCount, int recoveryCount, int chunk) {
    this.originalCount = originalCount;
    this.recoveryCount = recoveryCount;
    this.chunk = chunk;
  }

  static RateCodec of(Rate rate, int originalCount, int recoveryCount) {
    return rate == Rate.HIGH
        ? new HighRateCodec(originalCount, recoveryCount)
        : new LowRateCodec(originalCount, recoveryCount);
  }

  abstract Rate rate();

  /** Work rows the encoder needs. */
  abstract int encodeRows();

  /** Encodes the current strip: loads originals from {@code in}, stores recovery shards to {@code out}. */
  abstract void encodeStrip(Engine engine, Work work, StripIo io, SymbolSet in, SymbolSet out);

  /** Field position of codeword index {@code index} (originals first, then recovery shards). */
  abstract int position(int index);

  /** Rows of the decoder's transforms (a power of two). */
  abstract int decodeRows();

  /** Positions below this may hold data; the decoder's IFFT is truncated here. */
  abstract int dataEnd();

  /** Highest original position + 1: the decoder's FFT is truncated here. */
  abstract int originalEnd();

  /** Marks the positions that are erasures whatever was received (padding that was never computed). */
  abstract void markImplicitErasures(int[] erasures);

  /** First-FWHT truncation: erasure marks never reach this index. */
  abstract int erasureEnd();

  /**
   * Logarithms of the error-locator polynomial at the position of every codeword index, for the
   * given received indices. The last result is kept, since batch decoders call this repeatedly
   * with the same shards.
   */
  final int[] errorLocator(boolean[] received) {
    Locator last = lastLocator;
    if (last != null && Arrays.equals(last.received, received)) {
      return last.values;
    }
    int[] values = new int[Gf16.ORDER];
    for (int index = 0; index < received.length; index++) {
      if (!received[index]) {
        values[position(index)] = 1;
      }
    }
    markImplicitErasures(values);
    Gf16.fwht(values, erasureEnd());
    for (int i = 0; i < Gf16.ORDER; i++) {
      int product = values[i] * Gf16.LOG_WALSH[i];
      values[i] = Gf16.addMod(product & 0xFFFF, product >>> 16);
    }
    Gf16.fwht(values, Gf16.ORDER);
    int[] byIndex = new int[received.length];
    for (int index = 0; index < received.length; index++) {
      byIndex[index] = values[position(index)];
    }
    lastLocator = new Locator(received.clone(), byIndex);
    return byIndex;
  }

  /** A computed locator and the received set it belongs to (immutable once published). */
  private record Locator(boolean[] received, int[] values) {}

  /**
   * Decodes the current strip: {@code used[k]} is the codeword index of symbol {@code k} of {@code
   * in}; every original in {@code missing} is written to symbol {@code i} of {@code out}.
   */
  final void decodeStrip(
      Engine engine,
      Work work,
      StripIo io,
      SymbolSet in,
      int[] used,
      int[] locator,
      int[] missing,
      SymbolSet out) {
    int rows = decodeRows();
    engine.zero(work, 0, rows);
    for (int k = 0; k < used.length; k++) {
      int pos = position(used[k]);
      io.load(in, k, pos);
      engine.mul(work, pos, locator[used[k]]);
    }
    engine.ifft(work, 0, rows, dataEnd(), 0);
    engine.formalDerivative(work, rows);
    engine.fft(work, 0, rows, originalEnd(), 0);
    for (int i : missing) {
      int pos = position(i);
      engine.mul(work, pos, Gf16.MODULUS - locator[i]);
      io.store(pos, out, i);
    }
  }
}
