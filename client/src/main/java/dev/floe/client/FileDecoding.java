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
import dev.floe.core.encoding.StoredSliver;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes blobs into files, for blobs of any size. First the n-2f systematic primary slivers are
 * fetched and each written to its row of the file as it verifies ({@link SystematicRowWriter}), so
 * only the slivers in flight are in memory; the default check then has nothing left to re-derive, the
 * strict one re-encodes the file. When some systematic slivers cannot be had, repair slivers take
 * the missing rows' place: each is spilled to a temporary file as it verifies, and the decoder
 * rebuilds the blob in the file from the rows already there and the spilled slivers, a batch of
 * columns at a time ({@link dev.floe.core.encoding.StoredSliver}), so a degraded read needs no more
 * memory than a healthy one. The file never keeps bytes that failed a check: it is truncated on any
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
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
      Set<Integer> written = streamSystematicRows(at, channel, file, options, progress);
      if (written != null) {
        decodeWithRepairSlivers(at, channel, file, written, options, progress);
      }
      done = true;
      return at.length();
    } finally {
      if (!done) {
        truncate(file);
      }
    }
  }

  /**
   * Reads {@code [start, end)} of the blob by decoding it into a temporary file in {@code dir} (the
   * default temporary folder when null), deleted afterwards.
   */
  byte[] readRangeThroughFile(Located at, long start, long end, ProgressListener progress, Path dir)
      throws IOException, InterruptedException {
    Path file = dir == null ? Files.createTempFile("floe-range-", ".blob") : Files.createTempFile(dir, "floe-range-", ".blob");
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
   * passed, else the rows written, for the repair path.
   */
  private Set<Integer> streamSystematicRows(
      Located at, FileChannel channel, Path file, ReadOptions options, ProgressListener progress)
      throws IOException, InterruptedException {
    EncodingConfig encoding = at.config();
    int rows = encoding.primarySourceSymbols();
    List<Integer> systematic = new ArrayList<>();
    for (int p = 0; p < rows; p++) {
      systematic.add(p);
    }
    Collections.shuffle(systematic, ThreadLocalRandom.current());
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
    return writer.rowsWritten();
  }

  /**
   * Fetches repair slivers for the rows not written, spilling each to a temporary file next to {@code
   * file} as it verifies, and decodes the blob into {@code file} from the rows already there and the
   * spilled slivers, a batch of columns at a time: whatever the blob's size, only the slivers in
   * flight and a few MiB of decoding work are in memory.
   */
  private void decodeWithRepairSlivers(
      Located at, FileChannel channel, Path file, Set<Integer> written, ReadOptions options, ProgressListener progress)
      throws IOException, InterruptedException {
    EncodingConfig encoding = at.config();
    int rows = encoding.primarySourceSymbols();
    int needed = rows - written.size();
    List<Integer> pairs = new ArrayList<>();
    for (int p : BlobReader.preferredPairs(encoding)) {
      if (p >= rows) {
        pairs.add(p);
      }
    }
    for (int p = 0; p < rows; p++) {
      if (!written.contains(p)) {
        pairs.add(p); // retried last: they failed once already
      }
    }
    int symbolSize = encoding.symbolSize(at.length());
    int rowBytes = encoding.sliverSize(SliverType.PRIMARY, at.length());
    List<StoredSliver> slivers = new ArrayList<>(rows);
    for (int row : written) {
      long start = SystematicRowWriter.rowStart(row, rowBytes);
      slivers.add(StoredSliver.inFile(channel, start, SystematicRowWriter.bytesInBlob(start, rowBytes, at.length()),
          SliverType.PRIMARY, row, symbolSize, rowBytes));
    }
    Path dir = file.toAbsolutePath().getParent();
    Path spillFile = Files.createTempFile(dir, "." + file.getFileName() + ".", ".repair");
    PartFiles.track(spillFile);
    try (FileChannel spill = FileChannel.open(spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      AtomicInteger slots = new AtomicInteger();
      HedgedFetcher.Result<StoredSliver> fetched =
          reader.fetchPrimary(at, pairs, needed, written.size(), rows, progress, s -> {
            long position = (long) slots.getAndIncrement() * rowBytes;
            ByteBuffer data = s.dataView();
            for (long to = position; data.hasRemaining(); ) {
              to += spill.write(data, to);
            }
            return StoredSliver.inFile(spill, position, rowBytes, SliverType.PRIMARY, s.index(), symbolSize, rowBytes);
          });
      if (!fetched.complete(needed)) {
        throw new BlobNotAvailableException(at.blobId(), BlobNotAvailableException.Reason.NOT_ENOUGH_NODES,
            "only " + (written.size() + fetched.items().size()) + " of the " + rows + " verified primary slivers"
                + " needed could be fetched from " + at.directory().describe() + "; more than f shards' nodes are"
                + " down or faulty (" + fetched.failureSummary() + ")");
      }
      slivers.addAll(fetched.items());
      progress.onProgress(Phase.DECODING, 0, 1);
      try {
        BlobReader.decoding(at.blobId(), () -> {
          try {
            reader.decoder(encoding).decodeInto(at.metadata(), slivers, options.consistencyCheck(), channel);
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      progress.onProgress(Phase.DECODING, 1, 1);
    } finally {
      Files.deleteIfExists(spillFile);
      PartFiles.release(spillFile);
    }
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
