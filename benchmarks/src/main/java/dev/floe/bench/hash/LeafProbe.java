package dev.floe.bench.hash;

import dev.floe.core.crypto.Blake2b256;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Leaf hashing throughput in the shapes Red Stuff encoding uses, as MB per CPU-second of the
 * calling thread (best of many runs): a column of symbols strided through a large buffer, the same
 * column hot in cache, and 65-byte inner nodes.
 */
public final class LeafProbe {
  private LeafProbe() {}

  public static void main(String[] args) {
    int s = args.length > 0 ? Integer.parseInt(args[0]) : 1206;
    int count = 666;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    byte[] big = new byte[64 << 20];
    new Random(1).nextBytes(big);
    int stride = 26 * s;
    byte[] out = new byte[count * 32];
    byte[] hot = new byte[count * s];
    byte[] nodes = new byte[1024 * 64];
    for (int round = 0; round < 3; round++) {
      long bestStrided = Long.MAX_VALUE;
      long bestHot = Long.MAX_VALUE;
      long bestInner = Long.MAX_VALUE;
      for (int i = 0; i < 2000; i++) {
        int off = (i % 26) * s + (i / 26 % 3) * (count * stride);
        if (off + (long) (count - 1) * stride + s > big.length) {
          off = 0;
        }
        long t0 = mx.getCurrentThreadCpuTime();
        Blake2b256.leafHashes(big, off, stride, s, count, out, 0);
        long t1 = mx.getCurrentThreadCpuTime();
        Blake2b256.leafHashes(hot, 0, s, s, count, out, 0);
        long t2 = mx.getCurrentThreadCpuTime();
        Blake2b256.innerHashes(nodes, 0, 1024, nodes, 0);
        long t3 = mx.getCurrentThreadCpuTime();
        bestStrided = Math.min(bestStrided, t1 - t0);
        bestHot = Math.min(bestHot, t2 - t1);
        bestInner = Math.min(bestInner, t3 - t2);
      }
      double mb = (double) count * s / 1e6;
      System.out.printf("s=%d strided %.0f MB/CPU-s, hot %.0f MB/CPU-s, inner (65 B) %.0f MB/CPU-s%n",
          s, mb / (bestStrided / 1e9), mb / (bestHot / 1e9), 1024 * 65 / 1e6 / (bestInner / 1e9));
    }
  }
}
