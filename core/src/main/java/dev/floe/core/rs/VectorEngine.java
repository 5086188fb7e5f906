package dev.floe.core.rs;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API engine: multiplies by a constant with 4-bit lookup tables ({@link MulTables}) and byte
 * shuffles, the method of reed-solomon-simd's SSSE3/AVX2 engines, on the low/high byte planes of
 * the work rows. Loaded only when {@code jdk.incubator.vector} is present.
 *
 * <p>The lookup width is 512 bits where the CPU prefers 512-bit vectors (there a byte shuffle is one
 * {@code vpermb} with AVX-512 VBMI), otherwise 256 bits; {@code -Dfloe.rs.vectorBits=128|256|512}
 * forces one (a width the hardware lacks is emulated: correct, only slow). On AVX2 a 256-bit byte
 * shuffle is emulated by C2 (two {@code vpshufb}, a lane swap and a blend) while a 128-bit one is a
 * single {@code pshufb}, so both widths cost about the same per byte there.
 *
 * <p>Nibbles are not masked: {@code selectFrom} wraps every index to {@code [0, VLENGTH)} anyway
 * (its specified behaviour), and each 16-entry table is repeated across the whole vector, so
 * {@code table[i & (VLENGTH - 1)] == table[i & 15]} for any byte {@code i}. That saves an {@code
 * and} per nibble vector. The fused two-layer kernel of the crate is not used: with the Vector API
 * its body exceeds C2's inlining node budget and the vectors get boxed, which is an order of
 * magnitude slower.
 */
final class VectorEngine extends Engine {
  /** Lookup width (see the class comment). */
  static final VectorSpecies<Byte> SPECIES = chooseSpecies();
  private static final int STEP = SPECIES.length();
  /** Block split/join moves 32-byte halves, so it uses at most 256 bits. */
  private static final VectorSpecies<Byte> COPY =
      SPECIES.vectorBitSize() > 256 ? ByteVector.SPECIES_256 : SPECIES;
  private static final int COPY_STEP = COPY.length();
  static final VectorEngine INSTANCE = new VectorEngine();

  private VectorEngine() {}

  private static VectorSpecies<Byte> chooseSpecies() {
    int preferred = ByteVector.SPECIES_PREFERRED.vectorBitSize();
    int fallback = preferred >= 512 ? 512 : preferred >= 256 ? 256 : 128;
    return switch (Integer.getInteger("floe.rs.vectorBits", fallback)) {
      case 128 -> ByteVector.SPECIES_128;
      case 256 -> ByteVector.SPECIES_256;
      case 512 -> ByteVector.SPECIES_512;
      default -> VectorSpecies.of(byte.class, VectorShape.forBitSize(fallback));
    };
  }

  @Override
  String name() {
    return "vector" + SPECIES.vectorBitSize();
  }

  /**
   * One output byte plane of {@code x * m}: {@code n0..n3} hold nibble {@code k} of each element
   * of {@code x} in their low four bits (the plane bytes themselves for nibbles 0 and 2), {@code
   * t0..t3} the matching tables.
   */
  private static ByteVector product(
      ByteVector n0, ByteVector n1, ByteVector n2, ByteVector n3,
      ByteVector t0, ByteVector t1, ByteVector t2, ByteVector t3) {
    return n0.selectFrom(t0)
        .lanewise(VectorOperators.XOR, n1.selectFrom(t1))
        .lanewise(VectorOperators.XOR, n2.selectFrom(t2))
        .lanewise(VectorOperators.XOR, n3.selectFrom(t3));
  }

  /** Table vector {@code k} (0..7: nibble {@code k/2}, low byte if even) of a {@link MulTables} table. */
  private static ByteVector table(byte[] t, int k) {
    return ByteVector.fromArray(SPECIES, t, MulTables.SUBTABLE_BYTES * k);
  }

  /**
   * The high nibble of each byte in its low four bits (a 16-bit lane shift: x86 has no byte
   * shift); the bits above are the neighbour's, which the wrapping lookup ignores.
   */
  private static ByteVector highNibbles(ByteVector v) {
    return v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
  }

  private static ByteVector load(byte[] buf, int offset) {
    return ByteVector.fromArray(SPECIES, buf, offset);
  }

  /** Butterfly with a zero factor: {@code b ^= a} over {@code dist} row pairs. */
  private void xorPairs(byte[] buf, int base, int dist, int rowBytes, int half, int width) {
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      xorBytes(buf, b, a, width);
      xorBytes(buf, b + half, a + half, width);
    }
  }

  @Override
  void fft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    if (logM == Gf16.MODULUS) {
      xorPairs(buf, base, dist, rowBytes, half, width);
      return;
    }
    byte[] t = MulTables.of(logM);
    ByteVector t0l = table(t, 0);
    ByteVector t0h = table(t, 1);
    ByteVector t1l = table(t, 2);
    ByteVector t1h = table(t, 3);
    ByteVector t2l = table(t, 4);
    ByteVector t2h = table(t, 5);
    ByteVector t3l = table(t, 6);
    ByteVector t3h = table(t, 7);
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int j = 0; j < width; j += STEP) {
        ByteVector bLo = load(buf, b + j);
        ByteVector bHi = load(buf, b + half + j);
        ByteVector n1 = highNibbles(bLo);
        ByteVector n3 = highNibbles(bHi);
        ByteVector aLo = load(buf, a + j).lanewise(VectorOperators.XOR, product(bLo, n1, bHi, n3, t0l, t1l, t2l, t3l));
        ByteVector aHi = load(buf, a + half + j).lanewise(VectorOperators.XOR, product(bLo, n1, bHi, n3, t0h, t1h, t2h, t3h));
        aLo.intoArray(buf, a + j);
        aHi.intoArray(buf, a + half + j);
        bLo.lanewise(VectorOperators.XOR, aLo).intoArray(buf, b + j);
        bHi.lanewise(VectorOperators.XOR, aHi).intoArray(buf, b + half + j);
      }
    }
  }

  @Override
  void ifft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    if (logM == Gf16.MODULUS) {
      xorPairs(buf, base, dist, rowBytes, half, width);
      return;
    }
    byte[] t = MulTables.of(logM);
    ByteVector t0l = table(t, 0);
    ByteVector t0h = table(t, 1);
    ByteVector t1l = table(t, 2);
    ByteVector t1h = table(t, 3);
    ByteVector t2l = table(t, 4);
    ByteVector t2h = table(t, 5);
    ByteVector t3l = table(t, 6);
    ByteVector t3h = table(t, 7);
    for (int i = 0; i < dist; i++) {
      int a = base + i * rowBytes;
      int b = a + dist * rowBytes;
      for (int j = 0; j < width; j += STEP) {
        ByteVector aLo = load(buf, a + j);
        ByteVector aHi = load(buf, a + half + j);
        ByteVector bLo = load(buf, b + j).lanewise(VectorOperators.XOR, aLo);
        ByteVector bHi = load(buf, b + half + j).lanewise(VectorOperators.XOR, aHi);
        bLo.intoArray(buf, b + j);
        bHi.intoArray(buf, b + half + j);
        ByteVector n1 = highNibbles(bLo);
        ByteVector n3 = highNibbles(bHi);
        aLo.lanewise(VectorOperators.XOR, product(bLo, n1, bHi, n3, t0l, t1l, t2l, t3l)).intoArray(buf, a + j);
        aHi.lanewise(VectorOperators.XOR, product(bLo, n1, bHi, n3, t0h, t1h, t2h, t3h)).intoArray(buf, a + half + j);
      }
    }
  }

  @Override
  void mulRow(byte[] buf, int a, int half, int width, int logM) {
    byte[] t = MulTables.of(logM);
    ByteVector t0l = table(t, 0);
    ByteVector t0h = table(t, 1);
    ByteVector t1l = table(t, 2);
    ByteVector t1h = table(t, 3);
    ByteVector t2l = table(t, 4);
    ByteVector t2h = table(t, 5);
    ByteVector t3l = table(t, 6);
    ByteVector t3h = table(t, 7);
    for (int j = 0; j < width; j += STEP) {
      ByteVector xLo = load(buf, a + j);
      ByteVector xHi = load(buf, a + half + j);
      ByteVector n1 = highNibbles(xLo);
      ByteVector n3 = highNibbles(xHi);
      product(xLo, n1, xHi, n3, t0l, t1l, t2l, t3l).intoArray(buf, a + j);
      product(xLo, n1, xHi, n3, t0h, t1h, t2h, t3h).intoArray(buf, a + half + j);
    }
  }

  @Override
  void splitBlocks(byte[] src, int srcPos, byte[] dst, int lo, int hi, int blocks) {
    for (int k = 0; k < blocks; k++) {
      for (int h = 0; h < 32; h += COPY_STEP) {
        ByteVector.fromArray(COPY, src, srcPos + 64 * k + h).intoArray(dst, lo + 32 * k + h);
        ByteVector.fromArray(COPY, src, srcPos + 64 * k + 32 + h).intoArray(dst, hi + 32 * k + h);
      }
    }
  }

  @Override
  void joinBlocks(byte[] src, int lo, int hi, byte[] dst, int dstPos, int blocks) {
    for (int k = 0; k < blocks; k++) {
      for (int h = 0; h < 32; h += COPY_STEP) {
        ByteVector.fromArray(COPY, src, lo + 32 * k + h).intoArray(dst, dstPos + 64 * k + h);
        ByteVector.fromArray(COPY, src, hi + 32 * k + h).intoArray(dst, dstPos + 64 * k + 32 + h);
      }
    }
  }

  @Override
  void xorBytes(byte[] buf, int dst, int src, int length) {
    int j = 0;
    for (; j <= length - STEP; j += STEP) {
      ByteVector.fromArray(SPECIES, buf, dst + j)
          .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, buf, src + j))
          .intoArray(buf, dst + j);
    }
    for (; j < length; j++) {
      buf[dst + j] ^= buf[src + j];
    }
  }
}
