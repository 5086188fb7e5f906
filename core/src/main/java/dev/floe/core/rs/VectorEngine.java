package dev.floe.core.rs;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API engine: multiplies by a constant with 4-bit lookup tables ({@link MulTables}) and byte
 * shuffles, the method of reed-solomon-simd's SSSE3/AVX2 engines, on the low/high byte planes of
 * the work rows. Loaded only when {@code jdk.incubator.vector} is present.
 *
 * <p>On AVX2 a 256-bit byte shuffle is emulated (two {@code vpshufb}, a lane swap and a blend),
 * while a 128-bit one is a single {@code pshufb}; in whole-encode measurements on an AMD EPYC
 * (Zen 3) the 256-bit species was still slightly ahead, so it is used where the CPU's preferred
 * vector size allows ({@code -Dfloe.rs.vectorBits=128} forces 128). The fused two-layer kernel of
 * the crate is not used: with the Vector API its body exceeds C2's inlining node budget and the
 * vectors get boxed, which is an order of magnitude slower.
 */
final class VectorEngine extends Engine {
  /** Lookup width: 256 bits where the hardware has it (measured a little faster), else 128. */
  static final VectorSpecies<Byte> SPECIES = chooseSpecies();
  private static final int STEP = SPECIES.length();
  /** Plain moves and xors have no shuffles; they use the same width. */
  private static final VectorSpecies<Byte> WIDE = SPECIES;
  private static final int WIDE_STEP = WIDE.length();
  private static final byte[] ZERO_TABLE = new byte[MulTables.TABLE_BYTES];
  static final VectorEngine INSTANCE = new VectorEngine();

  private VectorEngine() {}

  private static VectorSpecies<Byte> chooseSpecies() {
    int bits = Integer.getInteger("floe.rs.vectorBits", ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? 256 : 128);
    return bits == 128 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_256;
  }

  @Override
  String name() {
    return "vector" + SPECIES.vectorBitSize();
  }

  /** Table for a butterfly factor: 65535 means "no multiply", which is a multiply by zero. */
  private static byte[] butterflyTable(int logM) {
    return logM == Gf16.MODULUS ? ZERO_TABLE : MulTables.of(logM);
  }

  /** One output byte of {@code x * m} from the four nibble vectors of {@code x} and four tables. */
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
    return ByteVector.fromArray(SPECIES, t, 32 * k);
  }

  private static ByteVector lowNibbles(ByteVector v) {
    return v.and((byte) 0x0F);
  }

  /** Each byte shifted right by 4: a 16-bit lane shift, then mask (x86 has no byte shift). */
  private static ByteVector highNibbles(ByteVector v) {
    return v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
  }

  private static ByteVector load(byte[] buf, int offset) {
    return ByteVector.fromArray(SPECIES, buf, offset);
  }

  @Override
  void fft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    byte[] t = butterflyTable(logM);
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
        ByteVector n0 = lowNibbles(bLo);
        ByteVector n1 = highNibbles(bLo);
        ByteVector n2 = lowNibbles(bHi);
        ByteVector n3 = highNibbles(bHi);
        ByteVector aLo = load(buf, a + j).lanewise(VectorOperators.XOR, product(n0, n1, n2, n3, t0l, t1l, t2l, t3l));
        ByteVector aHi = load(buf, a + half + j).lanewise(VectorOperators.XOR, product(n0, n1, n2, n3, t0h, t1h, t2h, t3h));
        aLo.intoArray(buf, a + j);
        aHi.intoArray(buf, a + half + j);
        bLo.lanewise(VectorOperators.XOR, aLo).intoArray(buf, b + j);
        bHi.lanewise(VectorOperators.XOR, aHi).intoArray(buf, b + half + j);
      }
    }
  }

  @Override
  void ifft2(byte[] buf, int base, int dist, int rowBytes, int half, int width, int logM) {
    byte[] t = butterflyTable(logM);
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
        ByteVector n0 = lowNibbles(bLo);
        ByteVector n1 = highNibbles(bLo);
        ByteVector n2 = lowNibbles(bHi);
        ByteVector n3 = highNibbles(bHi);
        aLo.lanewise(VectorOperators.XOR, product(n0, n1, n2, n3, t0l, t1l, t2l, t3l)).intoArray(buf, a + j);
        aHi.lanewise(VectorOperators.XOR, product(n0, n1, n2, n3, t0h, t1h, t2h, t3h)).intoArray(buf, a + half + j);
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
      ByteVector n0 = lowNibbles(xLo);
      ByteVector n1 = highNibbles(xLo);
      ByteVector n2 = lowNibbles(xHi);
      ByteVector n3 = highNibbles(xHi);
      product(n0, n1, n2, n3, t0l, t1l, t2l, t3l).intoArray(buf, a + j);
      product(n0, n1, n2, n3, t0h, t1h, t2h, t3h).intoArray(buf, a + half + j);
    }
  }

  @Override
  void splitBlocks(byte[] src, int srcPos, byte[] dst, int lo, int hi, int blocks) {
    for (int k = 0; k < blocks; k++) {
      for (int h = 0; h < 32; h += WIDE_STEP) {
        ByteVector.fromArray(WIDE, src, srcPos + 64 * k + h).intoArray(dst, lo + 32 * k + h);
        ByteVector.fromArray(WIDE, src, srcPos + 64 * k + 32 + h).intoArray(dst, hi + 32 * k + h);
      }
    }
  }

  @Override
  void joinBlocks(byte[] src, int lo, int hi, byte[] dst, int dstPos, int blocks) {
    for (int k = 0; k < blocks; k++) {
      for (int h = 0; h < 32; h += WIDE_STEP) {
        ByteVector.fromArray(WIDE, src, lo + 32 * k + h).intoArray(dst, dstPos + 64 * k + h);
        ByteVector.fromArray(WIDE, src, hi + 32 * k + h).intoArray(dst, dstPos + 64 * k + 32 + h);
      }
    }
  }

  @Override
  void xorBytes(byte[] buf, int dst, int src, int length) {
    int j = 0;
    for (; j <= length - WIDE_STEP; j += WIDE_STEP) {
      ByteVector.fromArray(WIDE, buf, dst + j)
          .lanewise(VectorOperators.XOR, ByteVector.fromArray(WIDE, buf, src + j))
          .intoArray(buf, dst + j);
    }
    for (; j < length; j++) {
      buf[dst + j] ^= buf[src + j];
    }
  }
}
