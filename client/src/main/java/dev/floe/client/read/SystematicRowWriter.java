package dev.floe.client.read;

import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes verified systematic primary slivers of a blob straight into a file. Row {@code r} of the
 * message matrix (primary sliver {@code r < n-2f}) holds bytes {@code [r * rowBytes, (r+1) * rowBytes)}
 * of the blob, so a read whose n-2f systematic slivers all arrive needs no decoding and holds only the
 * slivers still in flight, never the whole blob. Bytes of a row past the blob's end are padding and
 * must be zero (the same check the decoder makes).
 *
 * <p>The caller verifies each sliver against the metadata before {@link #write}. Writes run on their
 * own virtual threads: interrupting a fetch thread (a hedged request that lost the race) would
 * otherwise close the shared {@link FileChannel}. Call {@link #awaitWrites()} before closing the
 * channel. Thread-safe.
 */
public final class SystematicRowWriter {
  private static final ExecutorService WRITERS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("row-writer-", 0).factory());

  private final int rows;
  private final int rowBytes;
  private final long length;
  private final FileChannel channel;
  private final Set<Integer> written = ConcurrentHashMap.newKeySet();
  private final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
  private volatile IOException diskFailure;

  /**
   * A writer of the systematic rows of a blob of {@code length} bytes encoded with {@code config},
   * into {@code channel} (open for writing; the caller closes it).
   */
  public SystematicRowWriter(EncodingConfig config, long length, FileChannel channel) {
    if (length < 0) {
      throw new IllegalArgumentException("blob length must not be negative, got " + length);
    }
    this.rows = config.primarySourceSymbols();
    this.rowBytes = config.sliverSize(SliverType.PRIMARY, length);
    this.length = length;
    this.channel = channel;
  }

  /** Byte offset in the blob where row {@code row} of {@code rowBytes}-byte rows starts. */
  public static long rowStart(int row, int rowBytes) {
    if (row < 0 || rowBytes < 0) {
      throw new IllegalArgumentException("row and row size must not be negative: " + row + ", " + rowBytes);
    }
    return (long) row * rowBytes;
  }

  /**
   * How many bytes of a row starting at {@code rowStart} lie inside a blob of {@code length} bytes
   * (the rest is zero padding): between 0 and {@code rowBytes}.
   */
  public static int bytesInBlob(long rowStart, int rowBytes, long length) {
    return (int) Math.max(0, Math.min(rowBytes, length - rowStart));
  }

  /**
   * Checks the padding of a verified systematic primary sliver and writes its bytes inside the blob
   * at its row's offset; returns once they are written.
   *
   * @throws InvalidDataException if the sliver is not a systematic primary sliver of this blob's size
   * @throws InconsistentEncodingException if a padding byte is not zero
   * @throws IOException if the file cannot be written (also remembered for {@link #awaitWrites()})
   * @throws InterruptedException if interrupted while waiting (the write itself still completes)
   */
  public void write(SliverData sliver) throws IOException, InterruptedException {
    int row = sliver.index();
    if (sliver.type() != SliverType.PRIMARY || row >= rows) {
      throw new InvalidDataException(
          "only systematic primary slivers (index < " + rows + ") are rows of the blob, got " + sliver);
    }
    if (sliver.length() != rowBytes) {
      throw new InvalidDataException(
          "sliver " + row + " has " + sliver.length() + " bytes, a row of this blob has " + rowBytes);
    }
    long start = rowStart(row, rowBytes);
    int inBlob = bytesInBlob(start, rowBytes, length);
    ByteBuffer data = sliver.dataView();
    for (int i = inBlob; i < rowBytes; i++) {
      if (data.get(i) != 0) {
        throw new InconsistentEncodingException(
            "padding byte at matrix offset " + (start + i) + " of systematic primary sliver " + row
                + " is not zero: the blob was not encoded as its metadata claim");
      }
    }
    data.limit(inBlob);
    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> writeFully(data, start), WRITERS);
    pending.add(write);
    if (Thread.interrupted()) {
      // get() of a write that already finished would not notice: an interrupted caller always hears of it
      throw new InterruptedException("interrupted while row " + row + " is written (the write still completes)");
    }
    try {
      write.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        diskFailure = u.getCause();
        throw u.getCause();
      }
      throw new IllegalStateException("writing row " + row, e.getCause());
    }
    written.add(row);
  }

  /** The rows written so far. */
  public Set<Integer> rowsWritten() {
    return Set.copyOf(written);
  }

  /** Whether every systematic row was written. */
  public boolean complete() {
    return written.size() == rows;
  }

  /**
   * Waits until no write is running (also those whose caller was interrupted), then rethrows the
   * first disk failure, if any.
   */
  public void awaitWrites() throws IOException {
    for (CompletableFuture<Void> write : pending) {
      boolean interrupted = false;
      while (true) {
        try {
          write.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break; // recorded as diskFailure by write(), or the caller already saw it
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    pending.clear();
    if (diskFailure != null) {
      throw diskFailure;
    }
  }

  private void writeFully(ByteBuffer data, long position) {
    long at = position;
    try {
      while (data.hasRemaining()) {
        at += channel.write(data, at);
      }
    } catch (IOException e) {
      diskFailure = e;
      throw new UncheckedIOException("writing the blob at " + at, e);
    }
  }
}
