package dev.floe.core.rs;

/**
 * The transform recipe of one rate for fixed counts: where originals and recovery shards sit in the
 * field, how a strip is encoded, and how erasures are decoded (Leopard-RS's error-locator method:
 * multiply by the locator, IFFT, formal derivative, FFT, divide by the locator's derivative).
 * Immutable and thread-safe; all mutable state lives in the {@link Work} passed in.
 */
abstract sealed class RateCodec permits HighRateCodec, LowRateCodec {
  final int originalCount;
  final int recoveryCount;
  /** The power-of-two chunk size of this rate. */
  final int chunk;

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
  abstract void markImplicitErasures(char[] erasures);

  /** First-FWHT truncation: erasure marks never reach this index. */
  abstract int erasureEnd();

  /**
   * Logarithms of the error-locator polynomial evaluated at every field position, for the given
   * received codeword indices.
   */
  final char[] errorLocator(boolean[] received) {
    char[] values = new char[Gf16.ORDER];
    for (int index = 0; index < received.length; index++) {
      if (!received[index]) {
        values[position(index)] = 1;
      }
    }
    markImplicitErasures(values);
    Gf16.fwht(values, erasureEnd());
    for (int i = 0; i < Gf16.ORDER; i++) {
      int product = values[i] * Gf16.LOG_WALSH[i];
      values[i] = (char) Gf16.addMod(product & 0xFFFF, product >>> 16);
    }
    Gf16.fwht(values, Gf16.ORDER);
    return values;
  }

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
      char[] locator,
      int[] missing,
      SymbolSet out) {
    int rows = decodeRows();
    engine.zero(work, 0, rows);
    for (int k = 0; k < used.length; k++) {
      int pos = position(used[k]);
      io.load(in, k, pos);
      engine.mul(work, pos, locator[pos]);
    }
    engine.ifft(work, 0, rows, dataEnd(), 0);
    engine.formalDerivative(work, rows);
    engine.fft(work, 0, rows, originalEnd(), 0);
    for (int i : missing) {
      int pos = position(i);
      engine.mul(work, pos, Gf16.MODULUS - locator[pos]);
      io.store(pos, out, i);
    }
  }
}
