package dev.floe.bench.rs;

import dev.floe.core.rs.ReedSolomon;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * Quick RS2 encode measurement for a loaded machine: per-thread CPU time per encode (best and
 * median of many), which other processes disturb far less than wall time. Prints MB of source per
 * CPU-second for (334, 666) and (667, 333) at 1 KiB and 64 KiB shards.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp floe-benchmarks.jar
 * dev.floe.bench.rs.EncodeProbe [seconds per case]}.
 */
public final class EncodeProbe {
  private EncodeProbe() {}

  public static void main(String[] args) throws InterruptedException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    if (!ReedSolomon.warmUp(Duration.ofMinutes(2))) {
      System.out.println("WARNING: vector engine not active");
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int[][] counts = {{334, 666}, {667, 333}};
    int[] sizes = {1024, 65536};
    StringBuilder line = new StringBuilder();
    for (int[] c : counts) {
      for (int size : sizes) {
        ReedSolomon rs = ReedSolomon.of(c[0], c[1]);
        byte[][] originals = new byte[c[0]][size];
        Random random = new Random(42);
        for (byte[] o : originals) {
          random.nextBytes(o);
        }
        long[] samples = new long[100_000];
        int k = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long warm = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < warm) {
          rs.encode(originals);
        }
        while (System.nanoTime() < deadline && k < samples.length) {
          long t0 = mx.getCurrentThreadCpuTime();
          rs.encode(originals);
          samples[k++] = mx.getCurrentThreadCpuTime() - t0;
        }
        long[] s = Arrays.copyOf(samples, k);
        Arrays.sort(s);
        double mb = (double) c[0] * size / 1e6;
        System.out.printf(
            "%d/%d %6d B: best %7.1f MB/CPU-s, median %7.1f (%d runs)%n",
            c[0], c[1], size, mb / (s[0] / 1e9), mb / (s[k / 2] / 1e9), k);
        line.append(String.format(" %.0f/%.0f", mb / (s[0] / 1e9), mb / (s[k / 2] / 1e9)));
      }
    }
    System.out.println("SUMMARY" + line);
  }
}
