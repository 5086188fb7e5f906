package dev.floe.core.encoding;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the encoder's memory bound: a file-backed blob is streamed through the encoder in a child
 * JVM whose heap is 2.5x the blob (1 GiB under -Xmx2560m, as the requirement states it), far below
 * the 4.5x the slivers alone take; an OutOfMemoryError fails the child and so the test. Size and heap can be changed with {@code -Dfloe.redstuff.memoryBlobMiB} and
 * {@code -Dfloe.redstuff.memoryXmxMiB} (keep the ratio).
 */
class EncoderMemoryTest {
  private static final int BLOB_MIB = Integer.getInteger("floe.redstuff.memoryBlobMiB", 1024);
  private static final int XMX_MIB = Integer.getInteger("floe.redstuff.memoryXmxMiB", BLOB_MIB * 5 / 2);

  @TempDir Path dir;

  @Test
  void streamsAFileBackedBlobWithinAboutTwoAndAHalfTimesItsSize() throws Exception {
    Path blob = dir.resolve("blob.bin");
    writeRandom(blob, (long) BLOB_MIB << 20);
    String ok = ChildJvm.run(EncoderMemoryCheck.class, XMX_MIB, dir.resolve("child.log"),
        List.of(blob.toString(), "1000", "2"));
    long peakMiB = Long.parseLong(ok.substring(ok.lastIndexOf(' ') + 1));
    // the bound is enforced by -Xmx (an OutOfMemoryError fails the child); the peak is informative
    System.out.println("encoded " + BLOB_MIB + " MiB under -Xmx" + XMX_MIB + "m, peak heap " + peakMiB + " MiB");
  }

  private static void writeRandom(Path file, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; ) {
        for (int i = 0; i < chunk.length; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            chunk[i + b] = (byte) (v >>> (8 * b));
          }
        }
        int len = (int) Math.min(chunk.length, size - written);
        out.write(chunk, 0, len);
        written += len;
      }
    }
  }
}
