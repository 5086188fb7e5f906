package dev.floe.core.rs;

import dev.floe.core.errors.InvalidSizeException;

/**
 * Where the symbols of one side of a codec call live: symbol {@code k} of codeword {@code t} starts
 * at {@code arrays[k][bases[k] + t * codewordStride]}. Covers per-shard arrays (one codeword) and
 * the strided batch layouts alike.
 */
final class SymbolSet {
  final byte[][] arrays;
  final long[] bases;
  final long codewordStride;

  private SymbolSet(byte[][] arrays, long[] bases, long codewordStride) {
    this.arrays = arrays;
    this.bases = bases;
    this.codewordStride = codewordStride;
  }

  /** One codeword whose symbol {@code k} is the whole of {@code shards[k]}. */
  static SymbolSet ofShards(byte[][] shards) {
    return new SymbolSet(shards, new long[shards.length], 0);
  }

  /** Symbol {@code k} of codeword {@code t} at {@code array[offset + t * codewordStride + k * symbolStride]}. */
  static SymbolSet strided(
      byte[] array, int count, long offset, long symbolStride, long codewordStride) {
    byte[][] arrays = new byte[count][];
    long[] bases = new long[count];
    for (int k = 0; k < count; k++) {
      arrays[k] = array;
      bases[k] = offset + k * symbolStride;
    }
    return new SymbolSet(arrays, bases, codewordStride);
  }

  /** Symbol {@code k} of codeword {@code t} at {@code arrays[k][offsets[k] + t * codewordStride]}. */
  static SymbolSet of(byte[][] arrays, long[] offsets, long codewordStride) {
    return new SymbolSet(arrays, offsets, codewordStride);
  }

  int size() {
    return arrays.length;
  }

  /** Byte offset of symbol {@code k} of codeword {@code t} (already checked to be in range). */
  int offset(int k, long t) {
    return (int) (bases[k] + t * codewordStride);
  }

  /**
   * Checks that every symbol of every codeword lies inside its array.
   *
   * @throws InvalidSizeException naming the first symbol that does not
   */
  void checkBounds(String side, int symbolSize, int codewords) {
    if (codewords == 0) {
      return;
    }
    for (int k = 0; k < arrays.length; k++) {
      byte[] array = arrays[k];
      if (array == null) {
        throw new InvalidSizeException(side + " array for symbol " + k + " is null");
      }
      long first = bases[k];
      long last = checkedLast(side, k, first, codewords);
      long low = Math.min(first, last);
      long high = Math.max(first, last) + symbolSize;
      if (low < 0 || high > array.length) {
        throw new InvalidSizeException(
            side
                + " symbol "
                + k
                + " spans bytes ["
                + low
                + ", "
                + high
                + ") over "
                + codewords
                + " codewords, outside its array of "
                + array.length
                + " bytes");
      }
    }
  }

  private long checkedLast(String side, int k, long first, int codewords) {
    try {
      return Math.addExact(first, Math.multiplyExact(codewordStride, (long) codewords - 1));
    } catch (ArithmeticException e) {
      throw new InvalidSizeException(side + " offsets of symbol " + k + " overflow", e);
    }
  }
}
