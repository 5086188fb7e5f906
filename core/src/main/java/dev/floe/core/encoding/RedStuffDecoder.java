package dev.floe.core.encoding;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import dev.floe.core.merkle.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Decodes a blob from any n-2f of its primary slivers, byte-exact with Walrus, and checks that the
 * result is the blob the metadata commit to ({@link ConsistencyCheck}).
 *
 * <p>Every sliver is verified against the metadata ({@link SliverVerifier}) before it is used;
 * slivers that fail are skipped as long as enough good ones remain. Systematic slivers (rows
 * 0..n-2f-1) are preferred: when they are all present nothing needs decoding. Otherwise the
 * columns are decoded in parallel batches. The decoder never returns bytes that fail the check.
 * Instances are immutable and thread-safe.
 */
public final class RedStuffDecoder {
  private static final long BATCH_BYTES = 1L << 20;
  /** Bytes of stored slivers one worker loads at a time to verify them. */
  private static final long VERIFY_GROUP_BYTES = 4L << 20;

  private final EncodingConfig config;
  private final Expansion expansion;
  private final int threads;
  private final Executor executor;

  private RedStuffDecoder(EncodingConfig config, Expansion expansion, int threads, Executor executor) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.config = config;
    this.expansion = expansion;
    this.threads = threads;
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** A decoder using all available processors on the common fork-join pool. */
  public RedStuffDecoder(EncodingConfig config) {
    this(
        Objects.requireNonNull(config, "config"),
        new Expansion(config),
        Runtime.getRuntime().availableProcessors(),
        ForkJoinPool.commonPool());
  }

  /** A copy that uses at most {@code threads} threads. */
  public RedStuffDecoder withThreads(int threads) {
    return new RedStuffDecoder(config, expansion, threads, executor);
  }

  /** A copy that runs its extra workers on {@code executor}. */
  public RedStuffDecoder withExecutor(Executor executor) {
    return new RedStuffDecoder(config, expansion, threads, executor);
  }

  /** Decodes with the {@link ConsistencyCheck#DEFAULT} check. */
  public byte[] decode(VerifiedBlobMetadata metadata, Collection<SliverData> primarySlivers) {
    return decode(metadata, primarySlivers, ConsistencyCheck.DEFAULT);
  }

  /**
   * Decodes the blob of {@code metadata} from primary slivers.
   *
   * @param primarySlivers at least n-2f distinct primary slivers that verify; more are allowed
   * @return the blob, exactly {@code metadata.unencodedLength()} bytes
   * @throws NotEnoughSymbolsException if fewer than n-2f distinct slivers verify (the failures are
   *     attached as suppressed exceptions)
   * @throws InconsistentEncodingException if the decoded blob fails {@code check}
   * @throws InvalidSizeException if the blob does not fit in a Java array (use {@link #decodeTo})
   * @throws InvalidDataException if a sliver is not primary
   */
  public byte[] decode(
      VerifiedBlobMetadata metadata, Collection<SliverData> primarySlivers, ConsistencyCheck check) {
    Objects.requireNonNull(metadata, "metadata");
    long length = metadata.unencodedLength();
    if (length > Integer.MAX_VALUE - 16) {
      throw new InvalidSizeException(
          "blob of " + length + " bytes does not fit in a byte array; decode it to a file or read byte ranges");
    }
    byte[] blob = new byte[(int) length];
    decodeInto(metadata, primarySlivers, check, DecodeOutput.of(blob));
    return blob;
  }

  /**
   * Decodes the blob of {@code metadata} into {@code file} (created or truncated), for blobs of any
   * size. The file is truncated to zero bytes if decoding or the check fails, so it never holds
   * bytes that failed the check.
   *
   * @throws IOException if the file cannot be opened or written
   * @see #decode(VerifiedBlobMetadata, Collection, ConsistencyCheck)
   */
  public void decodeTo(
      VerifiedBlobMetadata metadata, Collection<SliverData> primarySlivers, ConsistencyCheck check, Path file)
      throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      try {
        decodeInto(metadata, primarySlivers, check, DecodeOutput.of(channel, metadata.unencodedLength()));
        if (channel.size() != metadata.unencodedLength()) {
          throw new IOException("decoded file has " + channel.size() + " bytes, expected " + metadata.unencodedLength());
        }
      } catch (RuntimeException | IOException | Error e) {
        channel.truncate(0);
        if (e instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        throw e;
      }
    }
  }

  /**
   * Decodes the blob of {@code metadata} into {@code out} from slivers that are read on demand, for
   * blobs larger than the heap: at most a few slivers and a batch of columns are in memory at a time.
   * The slivers may be stored in {@code out} itself (systematic rows written where they belong as they
   * arrived): every byte of the blob is rewritten with the same value or the decoded one, column batch
   * by column batch, and a batch only reads its own columns. On success {@code out} holds exactly the
   * blob; on failure its content is unspecified and the caller must discard it.
   *
   * @param primarySlivers at least n-2f distinct primary slivers that verify; more are allowed
   * @throws IOException if a sliver or {@code out} cannot be read or written
   * @throws NotEnoughSymbolsException if fewer than n-2f distinct slivers verify
   * @throws InconsistentEncodingException if the decoded blob fails {@code check}
   */
  public void decodeInto(
      VerifiedBlobMetadata metadata,
      Collection<? extends StoredSliver> primarySlivers,
      ConsistencyCheck check,
      FileChannel out)
      throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(primarySlivers, "primarySlivers");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(out, "out");
    long length = metadata.unencodedLength();
    try {
      SliverVerifier verifier = new SliverVerifier(config, metadata, expansion);
      List<StoredSliver> chosen = chooseStored(verifier, primarySlivers);
      Matrix m = new Matrix(config, verifier.symbolSize(), length);
      DecodeOutput blob = DecodeOutput.of(out, length);
      decodeStoredColumns(m, chosen, blob);
      int[] present = chosen.stream().mapToInt(StoredSliver::index).toArray();
      switch (check) {
        case DEFAULT -> checkSystematicRows(m, verifier, present, blob);
        case STRICT -> checkBlobId(metadata.blobId(), blob);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (out.size() > length) {
      out.truncate(length);
    }
    if (out.size() != length) {
      throw new IOException("decoded file has " + out.size() + " bytes, expected " + length);
    }
  }

  private void decodeInto(
      VerifiedBlobMetadata metadata, Collection<SliverData> primarySlivers, ConsistencyCheck check, DecodeOutput out) {
    Objects.requireNonNull(primarySlivers, "primarySlivers");
    Objects.requireNonNull(check, "check");
    SliverVerifier verifier = new SliverVerifier(config, metadata, expansion);
    List<SliverData> chosen = choose(verifier, primarySlivers);
    Matrix m = new Matrix(config, verifier.symbolSize(), metadata.unencodedLength());
    boolean systematic = chosen.get(chosen.size() - 1).index() < m.rows;
    if (systematic) {
      for (SliverData s : chosen) {
        m.scatterRow(s.index(), s.raw(), 0, out);
      }
    } else {
      decodeColumns(m, chosen, out);
    }
    int[] present = chosen.stream().mapToInt(SliverData::index).toArray();
    switch (check) {
      case DEFAULT -> checkSystematicRows(m, verifier, present, out);
      case STRICT -> checkBlobId(metadata.blobId(), out);
    }
  }

  /** The first n-2f distinct primary slivers, by index, that verify. */
  private List<SliverData> choose(SliverVerifier verifier, Collection<SliverData> slivers) {
    List<StoredSliver> inMemory = new ArrayList<>(slivers.size());
    for (SliverData s : slivers) {
      inMemory.add(StoredSliver.of(Objects.requireNonNull(s, "sliver")));
    }
    return chooseStored(verifier, inMemory).stream().map(s -> ((StoredSliver.InMemory) s).sliver()).toList();
  }

  /**
   * The first n-2f distinct primary slivers, by index, that verify: loaded in groups of a few MiB
   * per worker (stored ones from their storage), verified together, and dropped again.
   */
  private List<StoredSliver> chooseStored(SliverVerifier verifier, Collection<? extends StoredSliver> slivers) {
    int needed = config.primarySourceSymbols();
    TreeMap<Integer, StoredSliver> byIndex = new TreeMap<>();
    for (StoredSliver s : slivers) {
      Objects.requireNonNull(s, "sliver");
      if (s.type() != SliverType.PRIMARY) {
        throw new InvalidDataException("blobs are decoded from primary slivers, got " + s);
      }
      byIndex.putIfAbsent(s.index(), s);
    }
    List<StoredSliver> candidates = new ArrayList<>(byIndex.values());
    List<StoredSliver> good = new ArrayList<>(needed);
    List<InvalidDataException> failures = new ArrayList<>();
    long sliverBytes = Math.max(1, candidates.isEmpty() ? 1 : candidates.get(0).length());
    int group = (int) Math.max(1, Math.min(64, VERIFY_GROUP_BYTES / sliverBytes));
    int next = 0;
    while (good.size() < needed && next < candidates.size()) {
      int take = Math.min(needed - good.size(), candidates.size() - next);
      List<? extends StoredSliver> batch = candidates.subList(next, next + take);
      int groups = (take + group - 1) / group;
      InvalidDataException[] results = new InvalidDataException[take];
      Parallel.forEach(
          executor,
          threads,
          groups,
          () -> null,
          (w, g) -> {
            int from = g * group;
            int to = Math.min(take, from + group);
            List<SliverData> loaded = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
              try {
                loaded.add(batch.get(i).load());
              } catch (IOException e) {
                throw new UncheckedIOException("reading " + batch.get(i), e);
              }
            }
            List<InvalidDataException> checked = verifier.verifyAll(loaded);
            for (int i = from; i < to; i++) {
              results[i] = checked.get(i - from);
            }
          });
      for (int i = 0; i < take; i++) {
        if (results[i] == null) {
          good.add(batch.get(i));
        } else {
          failures.add(results[i]);
        }
      }
      next += take;
    }
    if (good.size() < needed) {
      NotEnoughSymbolsException e =
          new NotEnoughSymbolsException(
              "decoding blob " + verifier.metadata().blobId() + " needs " + needed
                  + " verified primary slivers, got " + good.size() + " (" + byIndex.size()
                  + " distinct given, " + failures.size() + " failed verification)");
      failures.forEach(e::addSuppressed);
      throw e;
    }
    good.sort(Comparator.comparingInt(StoredSliver::index));
    return good;
  }

  /** Scratch of one worker of {@link #decodeStoredColumns}: the slivers' symbols of a batch, and its result. */
  private record StoredBatch(byte[][] in, byte[] out) {}

  /**
   * Column batches read from stored slivers: decoded when some rows are missing, copied when the
   * chosen slivers are exactly the systematic rows.
   */
  private void decodeStoredColumns(Matrix m, List<StoredSliver> chosen, DecodeOutput blob) {
    int k = chosen.size();
    int[] present = chosen.stream().mapToInt(StoredSliver::index).toArray();
    boolean systematic = present[k - 1] < m.rows;
    int s = m.symbolSize;
    int perBatch = batch((long) m.rows * s, m.cols);
    int batches = (m.cols + perBatch - 1) / perBatch;
    long[] zeros = new long[k];
    Parallel.forEach(
        executor,
        threads,
        batches,
        () -> new StoredBatch(new byte[k][perBatch * s], systematic ? null : new byte[m.rows * perBatch * s]),
        (w, t) -> {
          int c0 = t * perBatch;
          int b = Math.min(perBatch, m.cols - c0);
          for (int i = 0; i < k; i++) {
            try {
              chosen.get(i).read((long) c0 * s, w.in()[i], 0, b * s);
            } catch (IOException e) {
              throw new UncheckedIOException("reading " + chosen.get(i), e);
            }
          }
          if (systematic) {
            for (int r = 0; r < m.rows; r++) {
              m.scatter(r, c0, b, w.in()[r], 0, blob);
            }
            return;
          }
          expansion.columnCode.decodeBatch(s, b, present, w.in(), zeros, s, w.out(), 0, (long) b * s, s);
          for (int r = 0; r < m.rows; r++) {
            m.scatter(r, c0, b, w.out(), r * b * s, blob);
          }
        });
  }

  private void decodeColumns(Matrix m, List<SliverData> chosen, DecodeOutput blob) {
    int k = chosen.size();
    int[] present = new int[k];
    byte[][] srcs = new byte[k][];
    for (int i = 0; i < k; i++) {
      present[i] = chosen.get(i).index();
      srcs[i] = chosen.get(i).raw();
    }
    int s = m.symbolSize;
    int perBatch = batch((long) m.rows * s, m.cols);
    int batches = (m.cols + perBatch - 1) / perBatch;
    Parallel.forEach(
        executor,
        threads,
        batches,
        () -> new byte[m.rows * perBatch * s],
        (scratch, t) -> {
          int c0 = t * perBatch;
          int b = Math.min(perBatch, m.cols - c0);
          long[] offsets = new long[k];
          Arrays.fill(offsets, (long) c0 * s);
          expansion.columnCode.decodeBatch(s, b, present, srcs, offsets, s, scratch, 0, (long) b * s, s);
          for (int r = 0; r < m.rows; r++) {
            m.scatter(r, c0, b, scratch, r * b * s, blob);
          }
        });
  }

  private int batch(long unitBytes, int units) {
    long byBytes = Math.max(1, BATCH_BYTES / Math.max(1, unitBytes));
    long forThreads = threads > 1 ? Math.max(1, (units + 2L * threads - 1) / (2L * threads)) : units;
    return (int) Math.max(1, Math.min(Math.min(byBytes, forThreads), units));
  }

  /** Re-derives the systematic rows that were not verified inputs and compares their roots. */
  private void checkSystematicRows(Matrix m, SliverVerifier verifier, int[] present, DecodeOutput blob) {
    boolean[] verified = new boolean[m.rows];
    for (int index : present) {
      if (index < m.rows) {
        verified[index] = true;
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int r = 0; r < m.rows; r++) {
      if (!verified[r]) {
        missing.add(r);
      }
    }
    int chunks = Math.min(missing.size(), 4 * threads);
    Parallel.forEach(
        executor,
        threads,
        chunks,
        () -> null,
        (w, t) -> {
          int from = (int) ((long) missing.size() * t / chunks);
          int to = (int) ((long) missing.size() * (t + 1) / chunks);
          List<Integer> rows = missing.subList(from, to);
          Node[] roots =
              expansion.roots(
                  SliverType.PRIMARY, m.symbolSize, rows.size(), (i, dst, off) -> m.gatherRow(rows.get(i), blob, dst, off));
          for (int i = 0; i < rows.size(); i++) {
            int r = rows.get(i);
            Node expected = verifier.expectedHash(SliverType.PRIMARY, r);
            if (!roots[i].equals(expected)) {
              throw new InconsistentEncodingException(
                  "blob " + verifier.metadata().blobId() + " is inconsistent: systematic primary sliver " + r
                      + " decodes to root " + roots[i] + ", the metadata say " + expected);
            }
          }
        });
  }

  private void checkBlobId(BlobId expected, DecodeOutput blob) {
    BlobId actual =
        new RedStuffEncoder(config).withThreads(threads).withExecutor(executor).computeMetadata(blob).blobId();
    if (!actual.equals(expected)) {
      throw new InconsistentEncodingException(
          "blob " + expected + " is inconsistent: the decoded bytes re-encode to blob ID " + actual);
    }
  }

  /** Geometry of the padded message matrix and the copies between it and the blob. */
  static final class Matrix {
    final int rows;
    final int cols;
    final int symbolSize;
    final long length;

    Matrix(EncodingConfig config, int symbolSize, long length) {
      this.rows = config.primarySourceSymbols();
      this.cols = config.secondarySourceSymbols();
      this.symbolSize = symbolSize;
      this.length = length;
    }

    /** Copies a full row into the blob; bytes past the blob's end must be zero (padding). */
    void scatterRow(int r, byte[] src, int off, DecodeOutput blob) {
      scatter(r, 0, cols, src, off, blob);
    }

    /** Copies columns [c0, c0+b) of row r from {@code src[off..]} into the blob. */
    void scatter(int r, int c0, int b, byte[] src, int off, DecodeOutput blob) {
      long start = ((long) r * cols + c0) * symbolSize;
      int span = b * symbolSize;
      int inBlob = (int) Math.max(0, Math.min(span, length - start));
      if (inBlob > 0) {
        blob.write(start, src, off, inBlob);
      }
      for (int i = inBlob; i < span; i++) {
        if (src[off + i] != 0) {
          throw new InconsistentEncodingException(
              "decoded padding byte at matrix offset " + (start + i) + " is not zero: the blob was not"
                  + " encoded as its metadata claim");
        }
      }
    }

    /** Writes row r of the padded matrix (zeros past the blob's end) to {@code dst[off..]}. */
    void gatherRow(int r, DecodeOutput blob, byte[] dst, int off) {
      int rowBytes = cols * symbolSize;
      long start = (long) r * rowBytes;
      int inBlob = (int) Math.max(0, Math.min(rowBytes, length - start));
      if (inBlob > 0) {
        blob.read(start, dst, off, inBlob);
      }
      Arrays.fill(dst, off + inBlob, off + rowBytes, (byte) 0);
    }
  }
}
