package dev.floe.core.crypto;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The BLAKE2b compression function on four independent messages at once, one per lane of a
 * 256-bit {@link LongVector}: lane i of every working variable belongs to message i, so the scalar
 * algorithm runs unchanged and needs no shuffles. Chaining values and message words are kept
 * transposed in {@code long[]} arrays ({@code word * 4 + lane}). Stateless.
 *
 * <p>Every vector operation stays inside {@link #compress}: a helper method taking {@code
 * LongVector} arguments that C2 declines to inline (this method is already large) makes the
 * vectors escape into heap objects, which measured five times slower.
 */
final class Blake2bLaneCompressor {
  static final VectorSpecies<Long> S = LongVector.SPECIES_256;
  static final int LANES = 4;
  private static final byte[][] SIGMA = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
  };
  /** The message schedule of all twelve rounds, scaled to offsets in the transposed word array. */
  private static final int[] SIGMA4 = new int[12 * 16];

  static {
    for (int r = 0; r < 12; r++) {
      for (int i = 0; i < 16; i++) {
        SIGMA4[r * 16 + i] = SIGMA[r][i] * LANES;
      }
    }
  }

  private Blake2bLaneCompressor() {}

  /**
   * Compresses one block of each of four messages.
   *
   * @param h the chaining values, 8 words x 4 lanes ({@code h[word * 4 + lane]}), updated in place
   * @param m the message blocks, 16 words x 4 lanes ({@code m[word * 4 + lane]})
   * @param counter bytes hashed so far including this block (the same for all lanes)
   * @param last whether this is the final block (the same for all lanes)
   */
  static void compress(long[] h, long[] m, long counter, boolean last) {
    LongVector v0 = LongVector.fromArray(S, h, 0);
    LongVector v1 = LongVector.fromArray(S, h, 4);
    LongVector v2 = LongVector.fromArray(S, h, 8);
    LongVector v3 = LongVector.fromArray(S, h, 12);
    LongVector v4 = LongVector.fromArray(S, h, 16);
    LongVector v5 = LongVector.fromArray(S, h, 20);
    LongVector v6 = LongVector.fromArray(S, h, 24);
    LongVector v7 = LongVector.fromArray(S, h, 28);
    LongVector v8 = LongVector.broadcast(S, Blake2bCompressor.IV0);
    LongVector v9 = LongVector.broadcast(S, Blake2bCompressor.IV1);
    LongVector v10 = LongVector.broadcast(S, Blake2bCompressor.IV2);
    LongVector v11 = LongVector.broadcast(S, Blake2bCompressor.IV3);
    LongVector v12 = LongVector.broadcast(S, Blake2bCompressor.IV4 ^ counter);
    LongVector v13 = LongVector.broadcast(S, Blake2bCompressor.IV5);
    LongVector v14 = LongVector.broadcast(S, last ? ~Blake2bCompressor.IV6 : Blake2bCompressor.IV6);
    LongVector v15 = LongVector.broadcast(S, Blake2bCompressor.IV7);
    int[] sg = SIGMA4;
    // one iteration per round; the JIT keeps the sixteen vectors in registers across iterations
    for (int r = 0; r < 12 * 16; r += 16) {
      // column step
      v0 = v0.add(v4).add(LongVector.fromArray(S, m, sg[r]));
      v12 = v12.lanewise(VectorOperators.XOR, v0).lanewise(VectorOperators.ROR, 32);
      v8 = v8.add(v12);
      v4 = v4.lanewise(VectorOperators.XOR, v8).lanewise(VectorOperators.ROR, 24);
      v0 = v0.add(v4).add(LongVector.fromArray(S, m, sg[r + 1]));
      v12 = v12.lanewise(VectorOperators.XOR, v0).lanewise(VectorOperators.ROR, 16);
      v8 = v8.add(v12);
      v4 = v4.lanewise(VectorOperators.XOR, v8).lanewise(VectorOperators.ROR, 63);

      v1 = v1.add(v5).add(LongVector.fromArray(S, m, sg[r + 2]));
      v13 = v13.lanewise(VectorOperators.XOR, v1).lanewise(VectorOperators.ROR, 32);
      v9 = v9.add(v13);
      v5 = v5.lanewise(VectorOperators.XOR, v9).lanewise(VectorOperators.ROR, 24);
      v1 = v1.add(v5).add(LongVector.fromArray(S, m, sg[r + 3]));
      v13 = v13.lanewise(VectorOperators.XOR, v1).lanewise(VectorOperators.ROR, 16);
      v9 = v9.add(v13);
      v5 = v5.lanewise(VectorOperators.XOR, v9).lanewise(VectorOperators.ROR, 63);

      v2 = v2.add(v6).add(LongVector.fromArray(S, m, sg[r + 4]));
      v14 = v14.lanewise(VectorOperators.XOR, v2).lanewise(VectorOperators.ROR, 32);
      v10 = v10.add(v14);
      v6 = v6.lanewise(VectorOperators.XOR, v10).lanewise(VectorOperators.ROR, 24);
      v2 = v2.add(v6).add(LongVector.fromArray(S, m, sg[r + 5]));
      v14 = v14.lanewise(VectorOperators.XOR, v2).lanewise(VectorOperators.ROR, 16);
      v10 = v10.add(v14);
      v6 = v6.lanewise(VectorOperators.XOR, v10).lanewise(VectorOperators.ROR, 63);

      v3 = v3.add(v7).add(LongVector.fromArray(S, m, sg[r + 6]));
      v15 = v15.lanewise(VectorOperators.XOR, v3).lanewise(VectorOperators.ROR, 32);
      v11 = v11.add(v15);
      v7 = v7.lanewise(VectorOperators.XOR, v11).lanewise(VectorOperators.ROR, 24);
      v3 = v3.add(v7).add(LongVector.fromArray(S, m, sg[r + 7]));
      v15 = v15.lanewise(VectorOperators.XOR, v3).lanewise(VectorOperators.ROR, 16);
      v11 = v11.add(v15);
      v7 = v7.lanewise(VectorOperators.XOR, v11).lanewise(VectorOperators.ROR, 63);

      // diagonal step
      v0 = v0.add(v5).add(LongVector.fromArray(S, m, sg[r + 8]));
      v15 = v15.lanewise(VectorOperators.XOR, v0).lanewise(VectorOperators.ROR, 32);
      v10 = v10.add(v15);
      v5 = v5.lanewise(VectorOperators.XOR, v10).lanewise(VectorOperators.ROR, 24);
      v0 = v0.add(v5).add(LongVector.fromArray(S, m, sg[r + 9]));
      v15 = v15.lanewise(VectorOperators.XOR, v0).lanewise(VectorOperators.ROR, 16);
      v10 = v10.add(v15);
      v5 = v5.lanewise(VectorOperators.XOR, v10).lanewise(VectorOperators.ROR, 63);

      v1 = v1.add(v6).add(LongVector.fromArray(S, m, sg[r + 10]));
      v12 = v12.lanewise(VectorOperators.XOR, v1).lanewise(VectorOperators.ROR, 32);
      v11 = v11.add(v12);
      v6 = v6.lanewise(VectorOperators.XOR, v11).lanewise(VectorOperators.ROR, 24);
      v1 = v1.add(v6).add(LongVector.fromArray(S, m, sg[r + 11]));
      v12 = v12.lanewise(VectorOperators.XOR, v1).lanewise(VectorOperators.ROR, 16);
      v11 = v11.add(v12);
      v6 = v6.lanewise(VectorOperators.XOR, v11).lanewise(VectorOperators.ROR, 63);

      v2 = v2.add(v7).add(LongVector.fromArray(S, m, sg[r + 12]));
      v13 = v13.lanewise(VectorOperators.XOR, v2).lanewise(VectorOperators.ROR, 32);
      v8 = v8.add(v13);
      v7 = v7.lanewise(VectorOperators.XOR, v8).lanewise(VectorOperators.ROR, 24);
      v2 = v2.add(v7).add(LongVector.fromArray(S, m, sg[r + 13]));
      v13 = v13.lanewise(VectorOperators.XOR, v2).lanewise(VectorOperators.ROR, 16);
      v8 = v8.add(v13);
      v7 = v7.lanewise(VectorOperators.XOR, v8).lanewise(VectorOperators.ROR, 63);

      v3 = v3.add(v4).add(LongVector.fromArray(S, m, sg[r + 14]));
      v14 = v14.lanewise(VectorOperators.XOR, v3).lanewise(VectorOperators.ROR, 32);
      v9 = v9.add(v14);
      v4 = v4.lanewise(VectorOperators.XOR, v9).lanewise(VectorOperators.ROR, 24);
      v3 = v3.add(v4).add(LongVector.fromArray(S, m, sg[r + 15]));
      v14 = v14.lanewise(VectorOperators.XOR, v3).lanewise(VectorOperators.ROR, 16);
      v9 = v9.add(v14);
      v4 = v4.lanewise(VectorOperators.XOR, v9).lanewise(VectorOperators.ROR, 63);
    }
    LongVector.fromArray(S, h, 0).lanewise(VectorOperators.XOR, v0).lanewise(VectorOperators.XOR, v8)
        .intoArray(h, 0);
    LongVector.fromArray(S, h, 4).lanewise(VectorOperators.XOR, v1).lanewise(VectorOperators.XOR, v9)
        .intoArray(h, 4);
    LongVector.fromArray(S, h, 8).lanewise(VectorOperators.XOR, v2).lanewise(VectorOperators.XOR, v10)
        .intoArray(h, 8);
    LongVector.fromArray(S, h, 12).lanewise(VectorOperators.XOR, v3).lanewise(VectorOperators.XOR, v11)
        .intoArray(h, 12);
    LongVector.fromArray(S, h, 16).lanewise(VectorOperators.XOR, v4).lanewise(VectorOperators.XOR, v12)
        .intoArray(h, 16);
    LongVector.fromArray(S, h, 20).lanewise(VectorOperators.XOR, v5).lanewise(VectorOperators.XOR, v13)
        .intoArray(h, 20);
    LongVector.fromArray(S, h, 24).lanewise(VectorOperators.XOR, v6).lanewise(VectorOperators.XOR, v14)
        .intoArray(h, 24);
    LongVector.fromArray(S, h, 28).lanewise(VectorOperators.XOR, v7).lanewise(VectorOperators.XOR, v15)
        .intoArray(h, 28);
  }
}
