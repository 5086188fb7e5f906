package dev.floe.client.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing systematic rows straight into the file: the geometry holds for blobs beyond 2 GiB, rows in
 * any order rebuild the blob byte for byte, bad padding and non-rows are refused, and an interrupted
 * fetch thread does not close the shared channel.
 */
class SystematicRowWriterTest {
  private static final EncodingConfig CONFIG = new EncodingConfig(10);

  @TempDir Path dir;

  @Test
  void shouldPlaceEveryByteOfBlobsBeyondTwoGibibytesInExactlyOneRow() {
    EncodingConfig big = new EncodingConfig(1000);
    long[] lengths = {0, 1, (1L << 31) - 1, 1L << 31, (1L << 31) + 12345, 3L << 30, 5_000_000_000L, big.maxBlobSize()};
    for (long length : lengths) {
      int rows = big.primarySourceSymbols();
      int rowBytes = big.sliverSize(SliverType.PRIMARY, length);
      long covered = 0;
      long expectedStart = 0;
      for (int r = 0; r < rows; r++) {
        long start = SystematicRowWriter.rowStart(r, rowBytes);
        assertThat(start).as("rows are contiguous (length %d, row %d)", length, r).isEqualTo(expectedStart);
        int inBlob = SystematicRowWriter.bytesInBlob(start, rowBytes, length);
        assertThat(inBlob).isBetween(0, rowBytes);
        covered += inBlob;
        expectedStart += rowBytes;
      }
      assertThat(covered).as("bytes of a %d-byte blob covered by its rows", length).isEqualTo(length);
      assertThat((long) rows * rowBytes).as("the rows hold the blob").isGreaterThanOrEqualTo(length);
    }
  }

  @Test
  void shouldRebuildTheBlobFromItsRowsInAnyOrder() throws Exception {
    for (int size : new int[] {0, 1, 999, 100_000}) {
      byte[] blob = random(size, size);
      EncodedBlob encoded = new RedStuffEncoder(CONFIG).encode(blob);
      List<SliverData> rows = new ArrayList<>();
      for (int r = 0; r < CONFIG.primarySourceSymbols(); r++) {
        rows.add(encoded.pair(r).primary());
      }
      Collections.shuffle(rows, new Random(size));
      Path file = dir.resolve("blob-" + size);
      try (FileChannel channel = open(file)) {
        SystematicRowWriter writer = new SystematicRowWriter(CONFIG, size, channel);
        for (SliverData row : rows) {
          assertThat(writer.complete()).isFalse();
          writer.write(row);
        }
        writer.awaitWrites();
        assertThat(writer.complete()).isTrue();
        assertThat(writer.rowsWritten()).hasSize(CONFIG.primarySourceSymbols());
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(blob);
    }
  }

  @Test
  void shouldRefuseNonZeroPaddingAndSliversThatAreNotRows() throws Exception {
    byte[] blob = random(999, 1);
    EncodedBlob encoded = new RedStuffEncoder(CONFIG).encode(blob);
    int lastRow = CONFIG.primarySourceSymbols() - 1;
    SliverData last = encoded.pair(lastRow).primary();
    byte[] padded = last.data();
    padded[padded.length - 1] = 7;
    try (FileChannel channel = open(dir.resolve("bad"))) {
      SystematicRowWriter writer = new SystematicRowWriter(CONFIG, blob.length, channel);
      assertThatThrownBy(() -> writer.write(SliverData.of(SliverType.PRIMARY, lastRow, last.symbolSize(), padded)))
          .isInstanceOf(InconsistentEncodingException.class)
          .hasMessageContaining("padding byte");
      assertThatThrownBy(() -> writer.write(encoded.pair(lastRow + 1).primary()))
          .isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("only systematic primary slivers");
      assertThatThrownBy(() -> writer.write(encoded.pair(0).secondary()))
          .isInstanceOf(InvalidDataException.class);
      assertThat(writer.rowsWritten()).isEmpty();
      assertThat(channel.size()).as("nothing written").isZero();
    }
  }

  @Test
  void shouldKeepTheChannelOpenWhenAWaitingFetchThreadIsInterrupted() throws Exception {
    byte[] blob = random(100_000, 2);
    EncodedBlob encoded = new RedStuffEncoder(CONFIG).encode(blob);
    Path file = dir.resolve("interrupted");
    try (FileChannel channel = open(file)) {
      SystematicRowWriter writer = new SystematicRowWriter(CONFIG, blob.length, channel);
      AtomicReference<Throwable> seen = new AtomicReference<>();
      Thread fetch = Thread.ofVirtual().unstarted(() -> {
        Thread.currentThread().interrupt(); // as HedgedFetcher interrupts a hedge that lost
        try {
          writer.write(encoded.pair(0).primary());
        } catch (Throwable t) {
          seen.set(t);
        }
      });
      fetch.start();
      fetch.join();
      assertThat(seen.get()).isInstanceOf(InterruptedException.class);
      writer.awaitWrites();
      assertThat(channel.isOpen()).as("an interrupted waiter must not close the shared channel").isTrue();
      for (int r = 1; r < CONFIG.primarySourceSymbols(); r++) {
        writer.write(encoded.pair(r).primary());
      }
      writer.awaitWrites();
    }
    assertThat(Files.readAllBytes(file)).as("the interrupted caller's row was still written").isEqualTo(blob);
  }

  private static FileChannel open(Path file) throws Exception {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
