package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that a blob can be decoded from stored slivers with a heap far smaller than the blob: a
 * 256 MiB blob is encoded here (n = 200), its 68 non-systematic primary slivers are written to a
 * file, and a child JVM under {@code -Xmx64m} (a quarter of the blob) decodes it from them, every column
 * and every consistency check included; an OutOfMemoryError fails the child and so the test. The
 * output must have the blob's SHA-256. Size and heap: {@code -Dfloe.redstuff.decodeBlobMiB},
 * {@code -Dfloe.redstuff.decodeXmxMiB}.
 */
class DecoderMemoryTest {
  private static final int BLOB_MIB = Integer.getInteger("floe.redstuff.decodeBlobMiB", 256);
  private static final int XMX_MIB = Integer.getInteger("floe.redstuff.decodeXmxMiB", BLOB_MIB / 4);
  private static final int N = 200;

  @TempDir Path dir;

  @Test
  void decodesFromStoredSliversWithAHeapWellBelowTheBlobSize() throws Exception {
    EncodingConfig config = new EncodingConfig(N);
    byte[] blob = RedStuffEncoderTest.random(BLOB_MIB << 20, 11);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    blob = null; // the parent's copy plays no part in the child
    int k = config.primarySourceSymbols();
    Path metadata = dir.resolve("metadata.bcs");
    Files.write(metadata, e.metadata().withId().toBcs());
    Path slivers = dir.resolve("slivers.bin");
    List<String> indices = new ArrayList<>();
    try (FileChannel out = FileChannel.open(slivers, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = N - k; i < N; i++) {
        ByteBuffer buf = e.primary(i).dataView();
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        indices.add(Integer.toString(i));
      }
    }
    e = null;
    Path decoded = dir.resolve("decoded.bin");
    List<String> args = new ArrayList<>(List.of(
        Integer.toString(N), metadata.toString(), slivers.toString(), decoded.toString(), "2"));
    args.addAll(indices);
    String ok = ChildJvm.run(DecoderMemoryCheck.class, XMX_MIB, dir.resolve("child.log"), args);
    assertThat(sha256(decoded)).as("decoded bytes").isEqualTo(expected);
    System.out.println("decoded " + BLOB_MIB + " MiB from stored slivers under -Xmx" + XMX_MIB + "m, peak heap "
        + ok.substring(3) + " MiB");
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
