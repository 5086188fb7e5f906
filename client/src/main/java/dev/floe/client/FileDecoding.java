package dev.floe.client;

import dev.floe.client.BlobReader.Located;
import dev.floe.client.ProgressListener.Phase;
import dev.floe.client.read.HedgedFetcher;
import dev.floe.client.read.SystematicRowWriter;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.ConsistencyCheck;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.FileBlobSource;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes blobs into files, for blobs of any size. First the n-2f systematic primary slivers are
 * fetched and each written to its row of the file as it verifies ({@link SystematicRowWriter}), so
 * only the slivers in flight are in memory; the default check then has nothing left to re-derive, the
 * strict one re-encodes the file. When some systematic slivers cannot be had, the rows already
 * written are read back, the missing ones replaced by repair slivers, and the decoder rebuilds the
 * file from them in memory. The file never keeps bytes that failed a check: it is truncated on any
 * failure.
 */
final class FileDecoding {
  private static final Logger LOG = LoggerFactory.getLogger(FileDecoding.class);

  private final BlobReader reader;
  private final ClientConfig config;

  FileDecoding(BlobReader reader, ClientConfig config) {
    this.reader = reader;
    this.config = config;
  }

  /**
   * Decodes and checks the blob into {@code file} (created or truncated); returns its length.
   *
   * @throws BlobNotAvailableException if too few verified slivers can be had
   * @throws BlobInvalidException if the blob fails the consistency check
   */
  long decodeInto(Located at, Path file, ReadOptions options, ProgressListener progress)
      throws IOException, InterruptedException {
    boolean done = false;
    try {
      List<SliverData> written = streamSystematicRows(at, file, options, progress);
      if (written == null) {
        done = true;
        return at.length();
      }
      decodeWithRepairSlivers(at, file, written, options, progress);
      done = true;
      return at.length();
    } finally {
      if (!done) {
        truncate(file);
      }
    }
  }

  /**
   * Reads {@code [start, end)} of the blob by decoding it into a temporary file (deleted afterwards).
   */
  byte[] readRangeThroughFile(Located at, long start, long end, ProgressListener progress)
      throws IOException, InterruptedException {
    Path file = Files.createTempFile("floe-range-", ".blob");
    try {
      decodeInto(at, file, ReadOptions.DEFAULT, progress);
      byte[] range = new byte[Math.toIntExact(end - start)];
      try (FileBlobSource source = FileBlobSource.open(file)) {
        source.read(start, range, 0, range.length);
      }
      return range;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Writes the systematic rows as they arrive. Returns null when every row was written and the check
   * passed, else the rows written (read back from the file) for the repair path.
   */
  private List<SliverData> streamSystematicRows(Located at, Path file, ReadOptions options, ProgressListener progress)
      throws IOException, InterruptedException {
    EncodingConfig encoding = at.config();
    int rows = encoding.primarySourceSymbols();
    List<Integer> systematic = new ArrayList<>();
    for (int p = 0; p < rows; p++) {
      systematic.add(p);
    }
    Collections.shuffle(systematic, ThreadLocalRandom.current());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
      SystematicRowWriter writer = new SystematicRowWriter(encoding, at.length(), channel);
      try {
        reader.fetchPrimary(at, systematic, rows, 0, rows, progress, sliver -> {
          writer.write(sliver);
          return sliver.index();
        });
      } finally {
        writer.awaitWrites();
      }
      if (writer.complete()) {
        progress.onProgress(Phase.DECODING, 0, 1);
        if (channel.size() != at.length()) {
          throw new IOException("the decoded file has " + channel.size() + " bytes, expected " + at.length());
        }
        if (options.consistencyCheck() == ConsistencyCheck.STRICT) {
          checkBlobId(at, file);
        }
        progress.onProgress(Phase.DECODING, 1, 1);
        return null;
      }
      LOG.info("read of {}: {} of {} systematic slivers could be had; decoding with repair slivers",
          at.blobId(), writer.rowsWritten().size(), rows);
      return readBack(encoding, at.length(), channel, writer.rowsWritten());
    }
  }

  /** Fetches repair slivers for the rows not written and decodes everything into the file. */
  private void decodeWithRepairSlivers(
      Located at, Path file, List<SliverData> written, ReadOptions options, ProgressListener progress)
      throws IOException, InterruptedException {
    EncodingConfig encoding = at.config();
    int rows = encoding.primarySourceSymbols();
    int needed = rows - written.size();
    Set<Integer> have = new java.util.HashSet<>();
    written.forEach(s -> have.add(s.index()));
    List<Integer> pairs = new ArrayList<>();
    for (int p : BlobReader.preferredPairs(encoding)) {
      if (p >= rows) {
        pairs.add(p);
      }
    }
    for (int p = 0; p < rows; p++) {
      if (!have.contains(p)) {
        pairs.add(p); // retried last: they failed once already
      }
    }
    HedgedFetcher.Result<SliverData> fetched =
        reader.fetchPrimary(at, pairs, needed, written.size(), rows, progress, s -> s);
    if (!fetched.complete(needed)) {
      throw new BlobNotAvailableException(at.blobId(), BlobNotAvailableException.Reason.NOT_ENOUGH_NODES,
          "only " + (written.size() + fetched.items().size()) + " of the " + rows + " verified primary slivers"
              + " needed could be fetched from " + at.directory().describe() + "; more than f shards' nodes are"
              + " down or faulty (" + fetched.failureSummary() + ")");
    }
    List<SliverData> all = new ArrayList<>(written);
    all.addAll(fetched.items());
    progress.onProgress(Phase.DECODING, 0, 1);
    try {
      BlobReader.decoding(at.blobId(), () -> {
        try {
          reader.decoder(encoding).decodeTo(at.metadata(), all, options.consistencyCheck(), file);
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    progress.onProgress(Phase.DECODING, 1, 1);
  }

  /** Re-encodes the file and compares the blob ID (the strict check). */
  private void checkBlobId(Located at, Path file) throws IOException {
    BlobId actual;
    try (FileBlobSource source = FileBlobSource.open(file)) {
      actual = new RedStuffEncoder(at.config()).withThreads(config.effectiveEncoderThreads())
          .computeMetadata(source).blobId();
    }
    if (!actual.equals(at.blobId())) {
      throw new BlobInvalidException(at.blobId(),
          "its slivers are inconsistent with its metadata: the decoded bytes re-encode to blob ID " + actual);
    }
  }

  /** The written rows as slivers again (padding zeros restored). */
  private static List<SliverData> readBack(EncodingConfig encoding, long length, FileChannel channel, Set<Integer> rows)
      throws IOException {
    int symbolSize = encoding.symbolSize(length);
    int rowBytes = encoding.sliverSize(SliverType.PRIMARY, length);
    List<SliverData> slivers = new ArrayList<>(rows.size());
    for (int row : rows) {
      byte[] data = new byte[rowBytes];
      long start = SystematicRowWriter.rowStart(row, rowBytes);
      ByteBuffer buf = ByteBuffer.wrap(data, 0, SystematicRowWriter.bytesInBlob(start, rowBytes, length));
      long at = start;
      while (buf.hasRemaining()) {
        int n = channel.read(buf, at);
        if (n < 0) {
          throw new IOException("the decoded file ends at " + at + ", row " + row + " was written up to "
              + (start + buf.limit()));
        }
        at += n;
      }
      slivers.add(SliverData.of(SliverType.PRIMARY, row, symbolSize, data));
    }
    return slivers;
  }

  private static void truncate(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    } catch (IOException e) {
      LOG.warn("could not truncate {} after a failed read: {}", file, e.getMessage());
    }
  }
}
