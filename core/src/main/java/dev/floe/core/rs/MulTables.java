package dev.floe.core.rs;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Nibble lookup tables for multiplying by a constant {@code exp(logM)}, built on first use and
 * shared by all threads. Multiplication is linear over GF(2), so {@code x * m} is the xor of the
 * products of the four nibbles of {@code x}; each nibble position has a 16-entry table of products,
 * split into a low-byte and a high-byte table.
 *
 * <p>Layout of one 512-byte table: for nibble {@code n} (0 = lowest) and output byte {@code b} (0 =
 * low), the 16 products sit at {@code (2n + b) * 64} and are repeated three more times, filling a
 * 64-byte subtable, so a 128-, 256- or 512-bit shuffle loads its table from the subtable's start
 * and finds entry {@code i & 15} at every index {@code i < 64}.
 */
final class MulTables {
  /** Bytes of one subtable (one nibble, one output byte): the 16 products, four times. */
  static final int SUBTABLE_BYTES = 64;
  static final int TABLE_BYTES = 8 * SUBTABLE_BYTES;
  private static final AtomicReferenceArray<byte[]> TABLES = new AtomicReferenceArray<>(Gf16.ORDER);
  private static final AtomicReferenceArray<char[]> ELEMENT_TABLES = new AtomicReferenceArray<>(Gf16.ORDER);

  private MulTables() {}

  /** The table of {@code exp(logM)}, {@code 0 <= logM <= 65535}. */
  static byte[] of(int logM) {
    byte[] table = TABLES.getAcquire(logM);
    if (table == null) {
      table = build(logM);
      TABLES.setRelease(logM, table);
    }
    return table;
  }

  /**
   * The same products as whole elements, for scalar code: entry {@code 16n + v} is {@code (v <<
   * 4n) * exp(logM)}, so {@code x * m} is the xor of four lookups.
   */
  static char[] elementsOf(int logM) {
    char[] table = ELEMENT_TABLES.getAcquire(logM);
    if (table == null) {
      table = new char[64];
      for (int nibble = 0; nibble < 4; nibble++) {
        for (int value = 0; value < 16; value++) {
          table[16 * nibble + value] = (char) Gf16.mul(value << (4 * nibble), logM);
        }
      }
      ELEMENT_TABLES.setRelease(logM, table);
    }
    return table;
  }

  /** {@code x * exp(logM)} through an {@link #elementsOf} table. */
  static int multiply(char[] table, int x) {
    return table[x & 15] ^ table[16 + ((x >>> 4) & 15)] ^ table[32 + ((x >>> 8) & 15)] ^ table[48 + (x >>> 12)];
  }

  private static byte[] build(int logM) {
    byte[] table = new byte[TABLE_BYTES];
    for (int nibble = 0; nibble < 4; nibble++) {
      for (int value = 0; value < 16; value++) {
        int product = Gf16.mul(value << (4 * nibble), logM);
        int lo = (2 * nibble) * SUBTABLE_BYTES + value;
        int hi = (2 * nibble + 1) * SUBTABLE_BYTES + value;
        for (int copy = 0; copy < SUBTABLE_BYTES; copy += 16) {
          table[lo + copy] = (byte) product;
          table[hi + copy] = (byte) (product >>> 8);
        }
      }
    }
    return table;
  }
}
