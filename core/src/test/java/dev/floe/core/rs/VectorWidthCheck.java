package dev.floe.core.rs;

import java.util.Arrays;
import java.util.Random;

/**
 * Run in a child JVM by {@link VectorWidthTest} with {@code -Dfloe.rs.vectorBits=N}: checks that
 * the vector engine took that width, that its kernels match the scalar reference on random rows,
 * and that it reproduces the golden vectors of reed-solomon-simd (all but the largest cases, since
 * a width the CPU lacks runs emulated and slowly) and decodes them back. Prints one line per
 * failure and exits with status 1 if there was any.
 */
final class VectorWidthCheck {
  private VectorWidthCheck() {}

  public static void main(String[] args) {
    int bits = Integer.parseInt(args[0]);
    int maxBytes = Integer.parseInt(args[1]);
    int failures = 0;
    Engine engine = VectorEngine.INSTANCE;
    if (!engine.name().equals("vector" + bits)) {
      System.out.println("FAIL engine is " + engine.name() + ", expected vector" + bits);
      System.exit(1);
    }
    failures += kernels(engine);
    int checked = 0;
    for (RsVectors.Case c : RsVectors.cases()) {
      if ((long) c.originalCount() * c.shardBytes() > maxBytes) {
        continue;
      }
      checked++;
      Rate rate = ReedSolomon.of(c.originalCount(), c.recoveryCount()).rate();
      ReedSolomon rs = ReedSolomon.of(c.originalCount(), c.recoveryCount(), rate, engine);
      byte[][] originals = c.originals();
      byte[][] recovery = rs.encode(originals);
      if (!RsVectors.sha256(recovery).equals(c.recoverySha256())) {
        System.out.println("FAIL encode " + c);
        failures++;
        continue;
      }
      byte[][] shards = new byte[c.originalCount() + c.recoveryCount()][];
      int dropped = Math.min(c.originalCount(), c.recoveryCount());
      for (int i = dropped; i < c.originalCount(); i++) {
        shards[i] = originals[i];
      }
      System.arraycopy(recovery, 0, shards, c.originalCount(), c.recoveryCount());
      if (!Arrays.deepEquals(rs.decode(shards), originals)) {
        System.out.println("FAIL decode " + c);
        failures++;
      }
    }
    System.out.println("checked " + checked + " golden cases on " + engine.name() + ", " + failures + " failures");
    System.exit(failures == 0 ? 0 : 1);
  }

  /** fft2, ifft2 and mulRow on random rows against the scalar engine, every factor kind. */
  private static int kernels(Engine engine) {
    Random random = new Random(bitsSeed(engine));
    int failures = 0;
    int[] logs = {0, 1, 4660, Gf16.MODULUS - 1, Gf16.MODULUS};
    for (int logM : logs) {
      for (int dist = 1; dist <= 2; dist++) {
        int width = Work.LANES * (1 + random.nextInt(2));
        int half = width + Work.LANES * random.nextInt(2);
        int rowBytes = 2 * half;
        byte[] start = new byte[2 * dist * rowBytes];
        random.nextBytes(start);
        for (int op = 0; op < 3; op++) {
          byte[] expected = start.clone();
          byte[] actual = start.clone();
          apply(Engines.scalar(), op, expected, dist, rowBytes, half, width, logM);
          apply(engine, op, actual, dist, rowBytes, half, width, logM);
          if (!Arrays.equals(expected, actual)) {
            System.out.println("FAIL kernel op " + op + " logM " + logM + " dist " + dist + " width " + width);
            failures++;
          }
        }
      }
    }
    return failures;
  }

  private static long bitsSeed(Engine engine) {
    return engine.name().hashCode();
  }

  private static void apply(Engine engine, int op, byte[] buf, int dist, int rowBytes, int half, int width, int logM) {
    switch (op) {
      case 0 -> engine.fft2(buf, 0, dist, rowBytes, half, width, logM);
      case 1 -> engine.ifft2(buf, 0, dist, rowBytes, half, width, logM);
      default -> engine.mulRow(buf, 0, half, width, logM);
    }
  }
}
