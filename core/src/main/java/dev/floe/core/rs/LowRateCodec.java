package dev.floe.core.rs;

/**
 * Low rate: original {@code i} at field position {@code i}, recovery shard {@code j} at {@code
 * chunk + j}, {@code chunk = nextPow2(originalCount)}. Encoding IFFTs the originals once and FFTs
 * the coefficients once per chunk of recovery shards.
 */
final class LowRateCodec extends RateCodec {

  LowRateCodec(int originalCount, int recoveryCount) {
    super(originalCount, recoveryCount, Rate.nextPow2(originalCount));
  }

  @Override
  Rate rate() {
    return Rate.LOW;
  }

  @Override
  int encodeRows() {
    return recoveryCount > chunk ? 2 * chunk : chunk;
  }

  @Override
  void encodeStrip(Engine engine, Work work, StripIo io, SymbolSet in, SymbolSet out) {
    for (int i = 0; i < originalCount; i++) {
      io.load(in, i, i);
    }
    engine.zero(work, originalCount, chunk);
    engine.ifft(work, 0, chunk, originalCount, 0);
    // Every chunk but the last is evaluated on a copy in rows [chunk, 2*chunk); the last in place.
    for (int start = 0; start < recoveryCount; start += chunk) {
      int count = Math.min(chunk, recoveryCount - start);
      int pos = 0;
      if (start + chunk < recoveryCount) {
        engine.copyRows(work, 0, chunk, chunk);
        pos = chunk;
      }
      engine.fft(work, pos, chunk, count, start + chunk);
      for (int j = 0; j < count; j++) {
        io.store(pos + j, out, start + j);
      }
    }
  }

  @Override
  int position(int index) {
    return index < originalCount ? index : chunk + index - originalCount;
  }

  @Override
  int decodeRows() {
    return Rate.nextPow2(chunk + recoveryCount);
  }

  @Override
  int dataEnd() {
    return chunk + recoveryCount;
  }

  @Override
  int originalEnd() {
    return originalCount;
  }

  @Override
  void markImplicitErasures(int[] erasures) {
    for (int i = chunk + recoveryCount; i < Gf16.ORDER; i++) {
      erasures[i] = 1;
    }
  }

  @Override
  int erasureEnd() {
    return Gf16.ORDER;
  }
}
