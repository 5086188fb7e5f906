package dev.floe.bench.encoding;

import com.sun.management.OperatingSystemMXBean;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.BlobSource;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffDecoder;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverSink;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain main for profiling (JFR) and for quick measurements on a loaded machine: runs a Red Stuff
 * encode (or decode) repeatedly and prints wall-clock MB/s next to MB per CPU-second of the whole
 * process, which is less disturbed by other load than wall time.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Xmx8g -cp floe-benchmarks.jar
 * dev.floe.bench.encoding.EncodeProfile encode|decode N MIB THREADS ITERATIONS}.
 */
public final class EncodeProfile {
  private EncodeProfile() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "encode";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int mib = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    EncodingConfig config = new EncodingConfig(n);
    byte[] blob = RedStuffBenchmark.blob((long) mib << 20, 1);
    RedStuffEncoder encoder = new RedStuffEncoder(config).withThreads(threads);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Runnable op;
    if ("decode".equals(mode)) {
      EncodedBlob encoded = new RedStuffEncoder(config).encode(blob);
      List<SliverData> slivers = new ArrayList<>();
      for (int i = n - config.primarySourceSymbols(); i < n; i++) {
        slivers.add(encoded.primary(i));
      }
      VerifiedBlobMetadata md = encoded.metadata();
      RedStuffDecoder decoder = new RedStuffDecoder(config).withThreads(threads);
      op = () -> decoder.decode(md, slivers);
    } else {
      op = () -> encoder.encode(BlobSource.of(blob), SliverSink.discard());
    }
    for (int i = 0; i < iterations; i++) {
      long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      op.run();
      long wall = System.nanoTime() - t0;
      long cpu = os.getProcessCpuTime() - cpu0;
      long thread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0;
      double mb = blob.length / 1e6;
      System.out.printf(
          "%s n=%d %d MiB threads=%d: %.2f s wall, %.1f MB/s; %.2f s process CPU, %.1f MB per CPU-s;"
              + " calling thread %.2f s CPU, %.1f MB/s%n",
          mode, n, mib, threads, wall / 1e9, mb / (wall / 1e9), cpu / 1e9, mb / (cpu / 1e9),
          thread / 1e9, mb / (thread / 1e9));
    }
  }
}
