package dev.floe.core.rs;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API engine: multiplies by a constant with 4-bit lookup tables ({@link MulTables}) and byte
 * shuffles, the method of reed-solomon-simd's SSSE3/AVX2 engines, on the low/high byte planes of
 * the work rows. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorEngine extends Engine {
  static final VectorSpecies<Byte> SPECIES =
      Integer.getInteger("floe.rs.vectorBits", 256) == 128 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_256;
  private static final int STEP = SPECIES.length();
  static final VectorEngine INSTANCE = new VectorEngine();

  private VectorEngine() {}

  @Override
  String name() {
    return "vector" + SPECIES.vectorBitSize();
  }

  @Override
  void fftButterfly(byte[] buf, int a, int b, int half, int width, int logM) {
    if (logM == Gf16.MODULUS) {
      for (int j = 0; j < width; j += STEP) {
        xorInto(buf, b + j, a + j);
        xorInto(buf, b + half + j, a + half + j);
      }
      return;
    }
    byte[] t = MulTables.of(logM);
    ByteVector t0l = ByteVector.fromArray(SPECIES, t, 0);
    ByteVector t0h = ByteVector.fromArray(SPECIES, t, 32);
    ByteVector t1l = ByteVector.fromArray(SPECIES, t, 64);
    ByteVector t1h = ByteVector.fromArray(SPECIES, t, 96);
    ByteVector t2l = ByteVector.fromArray(SPECIES, t, 128);
    ByteVector t2h = ByteVector.fromArray(SPECIES, t, 160);
    ByteVector t3l = ByteVector.fromArray(SPECIES, t, 192);
    ByteVector t3h = ByteVector.fromArray(SPECIES, t, 224);
    for (int j = 0; j < width; j += STEP) {
      ByteVector aLo = ByteVector.fromArray(SPECIES, buf, a + j);
      ByteVector aHi = ByteVector.fromArray(SPECIES, buf, a + half + j);
      ByteVector bLo = ByteVector.fromArray(SPECIES, buf, b + j);
      ByteVector bHi = ByteVector.fromArray(SPECIES, buf, b + half + j);
      ByteVector n0 = bLo.and((byte) 0x0F);
      ByteVector n1 = highNibbles(bLo);
      ByteVector n2 = bHi.and((byte) 0x0F);
      ByteVector n3 = highNibbles(bHi);
      aLo = aLo.lanewise(VectorOperators.XOR, n0.selectFrom(t0l))
          .lanewise(VectorOperators.XOR, n1.selectFrom(t1l))
          .lanewise(VectorOperators.XOR, n2.selectFrom(t2l))
          .lanewise(VectorOperators.XOR, n3.selectFrom(t3l));
      aHi = aHi.lanewise(VectorOperators.XOR, n0.selectFrom(t0h))
          .lanewise(VectorOperators.XOR, n1.selectFrom(t1h))
          .lanewise(VectorOperators.XOR, n2.selectFrom(t2h))
          .lanewise(VectorOperators.XOR, n3.selectFrom(t3h));
      aLo.intoArray(buf, a + j);
      aHi.intoArray(buf, a + half + j);
      bLo.lanewise(VectorOperators.XOR, aLo).intoArray(buf, b + j);
      bHi.lanewise(VectorOperators.XOR, aHi).intoArray(buf, b + half + j);
    }
  }

  @Override
  void ifftButterfly(byte[] buf, int a, int b, int half, int width, int logM) {
    if (logM == Gf16.MODULUS) {
      for (int j = 0; j < width; j += STEP) {
        xorInto(buf, b + j, a + j);
        xorInto(buf, b + half + j, a + half + j);
      }
      return;
    }
    byte[] t = MulTables.of(logM);
    ByteVector t0l = ByteVector.fromArray(SPECIES, t, 0);
    ByteVector t0h = ByteVector.fromArray(SPECIES, t, 32);
    ByteVector t1l = ByteVector.fromArray(SPECIES, t, 64);
    ByteVector t1h = ByteVector.fromArray(SPECIES, t, 96);
    ByteVector t2l = ByteVector.fromArray(SPECIES, t, 128);
    ByteVector t2h = ByteVector.fromArray(SPECIES, t, 160);
    ByteVector t3l = ByteVector.fromArray(SPECIES, t, 192);
    ByteVector t3h = ByteVector.fromArray(SPECIES, t, 224);
    for (int j = 0; j < width; j += STEP) {
      ByteVector aLo = ByteVector.fromArray(SPECIES, buf, a + j);
      ByteVector aHi = ByteVector.fromArray(SPECIES, buf, a + half + j);
      ByteVector bLo = ByteVector.fromArray(SPECIES, buf, b + j).lanewise(VectorOperators.XOR, aLo);
      ByteVector bHi = ByteVector.fromArray(SPECIES, buf, b + half + j).lanewise(VectorOperators.XOR, aHi);
      bLo.intoArray(buf, b + j);
      bHi.intoArray(buf, b + half + j);
      ByteVector n0 = bLo.and((byte) 0x0F);
      ByteVector n1 = highNibbles(bLo);
      ByteVector n2 = bHi.and((byte) 0x0F);
      ByteVector n3 = highNibbles(bHi);
      aLo.lanewise(VectorOperators.XOR, n0.selectFrom(t0l))
          .lanewise(VectorOperators.XOR, n1.selectFrom(t1l))
          .lanewise(VectorOperators.XOR, n2.selectFrom(t2l))
          .lanewise(VectorOperators.XOR, n3.selectFrom(t3l))
          .intoArray(buf, a + j);
      aHi.lanewise(VectorOperators.XOR, n0.selectFrom(t0h))
          .lanewise(VectorOperators.XOR, n1.selectFrom(t1h))
          .lanewise(VectorOperators.XOR, n2.selectFrom(t2h))
          .lanewise(VectorOperators.XOR, n3.selectFrom(t3h))
          .intoArray(buf, a + half + j);
    }
  }

  @Override
  void mulRow(byte[] buf, int a, int half, int width, int logM) {
    byte[] t = MulTables.of(logM);
    ByteVector t0l = ByteVector.fromArray(SPECIES, t, 0);
    ByteVector t0h = ByteVector.fromArray(SPECIES, t, 32);
    ByteVector t1l = ByteVector.fromArray(SPECIES, t, 64);
    ByteVector t1h = ByteVector.fromArray(SPECIES, t, 96);
    ByteVector t2l = ByteVector.fromArray(SPECIES, t, 128);
    ByteVector t2h = ByteVector.fromArray(SPECIES, t, 160);
    ByteVector t3l = ByteVector.fromArray(SPECIES, t, 192);
    ByteVector t3h = ByteVector.fromArray(SPECIES, t, 224);
    for (int j = 0; j < width; j += STEP) {
      ByteVector xLo = ByteVector.fromArray(SPECIES, buf, a + j);
      ByteVector xHi = ByteVector.fromArray(SPECIES, buf, a + half + j);
      ByteVector n0 = xLo.and((byte) 0x0F);
      ByteVector n1 = highNibbles(xLo);
      ByteVector n2 = xHi.and((byte) 0x0F);
      ByteVector n3 = highNibbles(xHi);
      n0.selectFrom(t0l)
          .lanewise(VectorOperators.XOR, n1.selectFrom(t1l))
          .lanewise(VectorOperators.XOR, n2.selectFrom(t2l))
          .lanewise(VectorOperators.XOR, n3.selectFrom(t3l))
          .intoArray(buf, a + j);
      n0.selectFrom(t0h)
          .lanewise(VectorOperators.XOR, n1.selectFrom(t1h))
          .lanewise(VectorOperators.XOR, n2.selectFrom(t2h))
          .lanewise(VectorOperators.XOR, n3.selectFrom(t3h))
          .intoArray(buf, a + half + j);
    }
  }

  @Override
  void xorBytes(byte[] buf, int dst, int src, int length) {
    int j = 0;
    for (; j <= length - STEP; j += STEP) {
      xorInto(buf, dst + j, src + j);
    }
    for (; j < length; j++) {
      buf[dst + j] ^= buf[src + j];
    }
  }

  private static void xorInto(byte[] buf, int dst, int src) {
    ByteVector.fromArray(SPECIES, buf, dst)
        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, buf, src))
        .intoArray(buf, dst);
  }

  /** Each byte shifted right by 4: a 16-bit lane shift, then mask (no byte shift on x86). */
  private static ByteVector highNibbles(ByteVector v) {
    return v.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
  }
}
