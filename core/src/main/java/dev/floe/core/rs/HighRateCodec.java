package dev.floe.core.rs;

/**
 * High rate: recovery shard {@code j} at field position {@code j}, original {@code i} at {@code
 * chunk + i}, {@code chunk = nextPow2(recoveryCount)}. Encoding IFFTs each chunk of originals,
 * sums the coefficient chunks and FFTs the sum once, truncated to the recovery count.
 */
final class HighRateCodec extends RateCodec {

  HighRateCodec(int originalCount, int recoveryCount) {
    super(originalCount, recoveryCount, Rate.nextPow2(recoveryCount));
  }

  @Override
  Rate rate() {
    return Rate.HIGH;
  }

  @Override
  int encodeRows() {
    return originalCount > chunk ? 2 * chunk : chunk;
  }

  @Override
  void encodeStrip(Engine engine, Work work, StripIo io, SymbolSet in, SymbolSet out) {
    int first = Math.min(originalCount, chunk);
    for (int i = 0; i < first; i++) {
      io.load(in, i, i);
    }
    engine.zero(work, first, chunk);
    engine.ifft(work, 0, chunk, first, chunk);
    // Further chunks are transformed in rows [chunk, 2*chunk) and summed into rows [0, chunk).
    for (int start = chunk; start < originalCount; start += chunk) {
      int count = Math.min(chunk, originalCount - start);
      for (int i = 0; i < count; i++) {
        io.load(in, start + i, chunk + i);
      }
      engine.zero(work, chunk + count, 2 * chunk);
      engine.ifft(work, chunk, chunk, count, start + chunk);
      engine.xorRows(work, 0, chunk, chunk);
    }
    engine.fft(work, 0, chunk, recoveryCount, 0);
    for (int j = 0; j < recoveryCount; j++) {
      io.store(j, out, j);
    }
  }

  @Override
  int position(int index) {
    return index < originalCount ? chunk + index : index - originalCount;
  }

  @Override
  int decodeRows() {
    return Rate.nextPow2(chunk + originalCount);
  }

  @Override
  int dataEnd() {
    return chunk + originalCount;
  }

  @Override
  int originalEnd() {
    return chunk + originalCount;
  }

  @Override
  void markImplicitErasures(int[] erasures) {
    for (int i = recoveryCount; i < chunk; i++) {
      erasures[i] = 1;
    }
  }

  @Override
  int erasureEnd() {
    return chunk + originalCount;
  }
}
