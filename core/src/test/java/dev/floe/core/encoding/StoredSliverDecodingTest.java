package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoding from slivers read on demand ({@link RedStuffDecoder#decodeInto(VerifiedBlobMetadata,
 * java.util.Collection, ConsistencyCheck, FileChannel)}), the way a reader that wrote the systematic
 * rows it got straight into the blob's file and spilled repair slivers to another file does it.
 */
class StoredSliverDecodingTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "n={0}, {1} bytes, {2} systematic rows in the file")
  @CsvSource({"4, 1, 0", "4, 5, 1", "7, 1000, 2", "10, 33, 3", "13, 4097, 0", "31, 100001, 7", "100, 250000, 20",
      "100, 250000, 34", "301, 70000, 50"})
  void decodesFromRowsInTheOutputFileAndSpilledRepairSlivers(int n, int size, int inFile) throws IOException {
    EncodingConfig config = new EncodingConfig(n);
    byte[] blob = RedStuffEncoderTest.random(size, size * 31L + n);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    int k = config.primarySourceSymbols();
    List<Integer> rows = shuffled(0, k, n);
    List<Integer> repair = shuffled(k, n, n + 1);
    Path out = dir.resolve("blob-" + n + "-" + inFile);
    Path spill = dir.resolve("spill-" + n + "-" + inFile);
    try (FileChannel file = open(out); FileChannel spilled = open(spill)) {
      List<StoredSliver> slivers = new ArrayList<>();
      for (int row : rows.subList(0, inFile)) {
        slivers.add(writeRow(file, e, row, blob.length));
      }
      for (int i = 0; slivers.size() < k; i++) {
        slivers.add(spillSliver(spilled, e.primary(repair.get(i)), i));
      }
      new RedStuffDecoder(config).decodeInto(e.metadata(), slivers, ConsistencyCheck.DEFAULT, file);
      assertThat(Files.readAllBytes(out)).isEqualTo(blob);
      new RedStuffDecoder(config).withThreads(1).decodeInto(e.metadata(), slivers, ConsistencyCheck.STRICT, file);
      assertThat(Files.readAllBytes(out)).isEqualTo(blob);
    }
  }

  @Test
  void skipsStoredSliversThatFailVerificationAndNeedsEnoughGoodOnes() throws IOException {
    EncodingConfig config = new EncodingConfig(10);
    byte[] blob = RedStuffEncoderTest.random(50_000, 7);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    Path out = dir.resolve("blob");
    try (FileChannel file = open(out); FileChannel spilled = open(dir.resolve("spill"))) {
      List<StoredSliver> slivers = new ArrayList<>();
      slivers.add(spillSliver(spilled, Tampering.flip(e.primary(4), 1), 0));
      for (int i = 5; i < 10; i++) {
        slivers.add(spillSliver(spilled, e.primary(i), i - 4));
      }
      RedStuffDecoder decoder = new RedStuffDecoder(config);
      decoder.decodeInto(e.metadata(), slivers, ConsistencyCheck.DEFAULT, file);
      assertThat(Files.readAllBytes(out)).isEqualTo(blob);
      assertThatThrownBy(() -> decoder.decodeInto(e.metadata(), slivers.subList(0, 4), ConsistencyCheck.DEFAULT, file))
          .isInstanceOf(NotEnoughSymbolsException.class)
          .hasMessageContaining("needs 4 verified primary slivers, got 3")
          .satisfies(t -> assertThat(t.getSuppressed()).singleElement().isInstanceOf(HashMismatchException.class));
    }
  }

  @Test
  void anInconsistentEncodingFailsBothChecks() throws IOException {
    int n = 10;
    EncodingConfig config = new EncodingConfig(n);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(20_000, 3));
    SliverData forged = Tampering.flip(e.primary(n - 1), 3);
    VerifiedBlobMetadata md = Tampering.commitTo(config, e.metadata(), forged);
    try (FileChannel file = open(dir.resolve("blob")); FileChannel spilled = open(dir.resolve("spill"))) {
      List<StoredSliver> slivers = new ArrayList<>();
      slivers.add(spillSliver(spilled, forged, 0));
      for (int i = 6; i < 9; i++) {
        slivers.add(spillSliver(spilled, e.primary(i), i - 5));
      }
      RedStuffDecoder decoder = new RedStuffDecoder(config);
      assertThatThrownBy(() -> decoder.decodeInto(md, slivers, ConsistencyCheck.DEFAULT, file))
          .isInstanceOf(InconsistentEncodingException.class)
          .hasMessageContaining("systematic primary sliver");
      assertThatThrownBy(() -> decoder.decodeInto(md, slivers, ConsistencyCheck.STRICT, file))
          .isInstanceOf(InconsistentEncodingException.class)
          .hasMessageContaining("re-encode");
    }
  }

  @Test
  void aStoredSliverCutShortIsAnIoErrorNamingIt() throws IOException {
    EncodingConfig config = new EncodingConfig(7);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(9_000, 8));
    try (FileChannel file = open(dir.resolve("blob")); FileChannel spilled = open(dir.resolve("spill"))) {
      List<StoredSliver> slivers = new ArrayList<>();
      for (int i = 4; i < 7; i++) {
        slivers.add(spillSliver(spilled, e.primary(i), i - 4));
      }
      spilled.truncate(spilled.size() - 1);
      assertThatThrownBy(() -> new RedStuffDecoder(config).decodeInto(e.metadata(), slivers, ConsistencyCheck.DEFAULT, file))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("primary sliver 6 is cut short");
    }
    assertThatThrownBy(() -> StoredSliver.inFile(FileChannel.open(dir.resolve("blob")), 0, 11, SliverType.PRIMARY, 0, 2, 10))
        .isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> StoredSliver.inFile(FileChannel.open(dir.resolve("blob")), 0, 0, SliverType.PRIMARY, 0, 4, 10))
        .isInstanceOf(InvalidSizeException.class);
  }

  /** Writes systematic row {@code row} where it belongs in the blob (only its bytes inside the blob). */
  static StoredSliver writeRow(FileChannel file, EncodedBlob e, int row, long length) throws IOException {
    SliverData s = e.primary(row);
    long start = (long) row * s.length();
    int inBlob = (int) Math.max(0, Math.min(s.length(), length - start));
    writeFully(file, ByteBuffer.wrap(s.data(), 0, inBlob), start);
    return StoredSliver.inFile(file, start, inBlob, SliverType.PRIMARY, row, s.symbolSize(), s.length());
  }

  /** Appends {@code s} at slot {@code slot} of a spill file of equal-sized slivers. */
  static StoredSliver spillSliver(FileChannel spill, SliverData s, int slot) throws IOException {
    long at = (long) slot * s.length();
    writeFully(spill, ByteBuffer.wrap(s.data()), at);
    return StoredSliver.inFile(spill, at, s.length(), s.type(), s.index(), s.symbolSize(), s.length());
  }

  private static void writeFully(FileChannel channel, ByteBuffer buf, long at) throws IOException {
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static List<Integer> shuffled(int from, int to, long seed) {
    List<Integer> list = new ArrayList<>();
    for (int i = from; i < to; i++) {
      list.add(i);
    }
    Collections.shuffle(list, new Random(seed));
    return list;
  }
}
