package dev.floe.core.rs;

/**
 * Arithmetic in GF(2^16) as reed-solomon-simd (Leopard-RS lineage) defines it: polynomial 0x1002D,
 * elements in the Cantor basis, logarithms mod 65535, plus the FFT skew factors and the Walsh
 * transform of the log table used by the erasure locator.
 *
 * <p>All tables are built once at class initialisation and never change, so the class is
 * thread-safe. Logarithms use {@code 65535} as an alias of {@code 0} (the crate's convention); a
 * skew value of {@code 65535} means "multiply by zero", which the transforms skip.
 */
final class Gf16 {
  static final int BITS = 16;
  static final int ORDER = 1 << BITS;
  static final int MODULUS = ORDER - 1;
  private static final int POLYNOMIAL = 0x1002D;
  private static final int[] CANTOR_BASIS = {
    0x0001, 0xACCA, 0x3C0E, 0x163E, 0xC582, 0xED2E, 0x914C, 0x4012,
    0x6C98, 0x10D8, 0x6A72, 0xB900, 0xFDB8, 0xFB34, 0xFF38, 0x991E
  };

  /** exp[log] = element; exp[65535] == exp[0]. */
  static final char[] EXP = new char[ORDER];
  /** log[element]; log[0] is 0 but 0 is never multiplied through the tables. */
  static final char[] LOG = new char[ORDER];
  /** Log-domain FFT twiddle ("skew") factors, 65535 entries. */
  static final char[] SKEW = new char[MODULUS];
  /** Walsh-Hadamard transform (mod 65535) of the log table, used by the erasure locator. */
  static final char[] LOG_WALSH = new char[ORDER];

  static {
    initLogTables();
    initSkew();
    int[] walsh = new int[ORDER];
    for (int i = 1; i < ORDER; i++) {
      walsh[i] = LOG[i];
    }
    fwht(walsh, ORDER);
    for (int i = 0; i < ORDER; i++) {
      LOG_WALSH[i] = (char) walsh[i];
    }
  }

  private Gf16() {}

  private static void initLogTables() {
    int state = 1;
    for (int i = 0; i < MODULUS; i++) {
      EXP[state] = (char) i;
      state <<= 1;
      if (state >= ORDER) {
        state ^= POLYNOMIAL;
      }
    }
    EXP[0] = (char) MODULUS;
    // Convert to the Cantor basis.
    LOG[0] = 0;
    for (int i = 0; i < BITS; i++) {
      int width = 1 << i;
      for (int j = 0; j < width; j++) {
        LOG[j + width] = (char) (LOG[j] ^ CANTOR_BASIS[i]);
      }
    }
    for (int i = 0; i < ORDER; i++) {
      LOG[i] = EXP[LOG[i]];
    }
    for (int i = 0; i < ORDER; i++) {
      EXP[LOG[i]] = (char) i;
    }
    EXP[MODULUS] = EXP[0];
  }

  private static void initSkew() {
    int[] temp = new int[BITS - 1];
    for (int i = 1; i < BITS; i++) {
      temp[i - 1] = 1 << i;
    }
    int[] skew = new int[MODULUS];
    for (int m = 0; m < BITS - 1; m++) {
      int step = 1 << (m + 1);
      skew[(1 << m) - 1] = 0;
      for (int i = m; i < BITS - 1; i++) {
        int s = 1 << (i + 1);
        for (int j = (1 << m) - 1; j < s; j += step) {
          skew[j + s] = skew[j] ^ temp[i];
        }
      }
      temp[m] = MODULUS - LOG[mul(temp[m], LOG[temp[m] ^ 1])];
      for (int i = m + 1; i < BITS - 1; i++) {
        int sum = addMod(LOG[temp[i] ^ 1], temp[m]);
        temp[i] = mul(temp[i], sum);
      }
    }
    for (int i = 0; i < MODULUS; i++) {
      SKEW[i] = LOG[skew[i]];
    }
  }

  /** (a + b) mod 65535 with 65535 as an alias of 0; inputs and result in [0, 65535]. */
  static int addMod(int a, int b) {
    int sum = a + b;
    return (sum + (sum >>> BITS)) & 0xFFFF;
  }

  /** (a - b) mod 65535 with 65535 as an alias of 0; inputs and result in [0, 65535]. */
  static int subMod(int a, int b) {
    int dif = a - b;
    return (dif + (dif >>> BITS)) & 0xFFFF;
  }

  /** x * exp(logM) in the field. */
  static int mul(int x, int logM) {
    return x == 0 ? 0 : EXP[addMod(LOG[x], logM)];
  }

  /**
   * In-place Walsh-Hadamard transform mod 65535 over {@code ORDER} entries in [0, 65535], where
   * entries at {@code truncated} and beyond are known to be zero. Two layers at a time.
   */
  static void fwht(int[] data, int truncated) {
    int dist = 1;
    for (; 4 * dist <= ORDER; dist <<= 2) {
      int step = 4 * dist;
      for (int r = 0; r < truncated; r += step) {
        for (int i = r; i < r + dist; i++) {
          int a = data[i];
          int b = data[i + dist];
          int c = data[i + 2 * dist];
          int d = data[i + 3 * dist];
          int s0 = addMod(a, b);
          int d0 = subMod(a, b);
          int s1 = addMod(c, d);
          int d1 = subMod(c, d);
          data[i] = addMod(s0, s1);
          data[i + 2 * dist] = subMod(s0, s1);
          data[i + dist] = addMod(d0, d1);
          data[i + 3 * dist] = subMod(d0, d1);
        }
      }
    }
    if (dist < ORDER) {
      for (int i = 0; i < dist; i++) {
        int a = data[i];
        int b = data[i + dist];
        data[i] = addMod(a, b);
        data[i + dist] = subMod(a, b);
      }
    }
  }
}
