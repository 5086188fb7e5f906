package dev.floe.core.encoding;

import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.SliverPairMetadata;
import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import dev.floe.core.rs.ReedSolomon;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One encoding of one blob, in three passes that keep the heap small:
 *
 * <ol>
 *   <li>rows: each source row is read, row-encoded (its f repair symbols are kept: about 0.5x the
 *       blob) and leaf-hashed; the systematic primary slivers go to the sink at once;
 *   <li>columns: first the f repair columns, then the n-f systematic ones (read from the source),
 *       are column-encoded; every new symbol is leaf-hashed, each column's root computed and its
 *       secondary sliver sent. The repair rows are dropped before the systematic columns start,
 *       whose 2f recovery rows are kept (about 2x the blob) only when slivers are wanted; the
 *       recovery symbols of the repair columns (the lower-right quadrant) are only hashed;
 *   <li>recovery rows: the 2f non-systematic primary slivers are assembled, hashed and sent.
 * </ol>
 *
 * The n x n leaf hashes (32 bytes each) are kept throughout. Work inside a pass is split into
 * independent row or column batches run by {@link Parallel}.
 */
final class EncodeRun {
  private static final int H = Node.LENGTH;
  /** Bytes of source data per batch (rows or columns); bounds each worker's scratch. */
  private static final long BATCH_BYTES = 1L << 20;
  /** Target size of one array of held repair or recovery rows. */
  private static final long SLAB_BYTES = 32L << 20;

  private final Expansion ex;
  private final BlobSource source;
  private final SliverSink sink;
  private final Executor executor;
  private final int threads;
  private final int n;
  private final int rows;
  private final int cols;
  private final int f;
  private final int s;
  private final long length;
  private final ReedSolomon rowCode;
  private final ReedSolomon columnCode;

  /** leaves[r][c*32..]: leaf hash of the symbol at row r, column c of the expanded matrix. */
  private final byte[][] leaves;
  private final Node[] rowRoots;
  private final Node[] columnRoots;
  private SlabRows repair;
  /** Recovery rows (2f) of the systematic columns, in column blocks; null in metadata-only mode. */
  private byte[][] recoveryBlocks;
  private int blockCols;
  private final Object sinkLock = new Object();

  EncodeRun(Expansion ex, BlobSource source, SliverSink sink, Executor executor, int threads) {
    this.ex = ex;
    this.source = source;
    this.sink = sink;
    this.executor = executor;
    this.threads = threads;
    this.n = ex.n;
    this.rows = ex.rows;
    this.cols = ex.cols;
    this.f = n - cols;
    this.length = source.length();
    this.s = ex.config.symbolSize(length);
    this.rowCode = ex.rowCode;
    this.columnCode = ex.columnCode;
    this.leaves = new byte[n][n * H];
    this.rowRoots = new Node[n];
    this.columnRoots = new Node[n];
  }

  /** Runs the three passes and returns the metadata (the blob ID is computed by the caller). */
  BlobMetadata run() {
    repair = new SlabRows(rows, f * s, SLAB_BYTES);
    encodeRows();
    encodeColumns(cols, n, true);
    repair = null;
    if (sink != null) {
      allocateRecoveryBlocks();
    }
    encodeColumns(0, cols, false);
    finishRecoveryRows();
    recoveryBlocks = null;
    List<SliverPairMetadata> pairs = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      pairs.add(new SliverPairMetadata(rowRoots[p], columnRoots[n - 1 - p]));
    }
    return new BlobMetadata(ex.config.encodingType(), length, pairs);
  }

  // ---- pass 1: rows ----------------------------------------------------------------------------

  private void encodeRows() {
    long rowBytes = (long) cols * s;
    int perBatch = batchCount(rowBytes, rows);
    List<int[]> batches = new ArrayList<>();
    for (int r = 0; r < rows; ) {
      int end = Math.min(Math.min(r + perBatch, repair.slabEnd(r)), rows);
      batches.add(new int[] {r, end});
      r = end;
    }
    int maxRows = perBatch;
    Parallel.forEach(
        executor,
        threads,
        batches.size(),
        () -> new RowWorker(maxRows),
        (w, t) -> w.run(batches.get(t)[0], batches.get(t)[1]));
  }

  private final class RowWorker {
    final byte[] buf;
    final byte[] scratch = new byte[MerkleTree.scratchSize(n)];

    RowWorker(int maxRows) {
      buf = new byte[Math.multiplyExact(maxRows, cols * s)];
    }

    void run(int r0, int r1) {
      int k = r1 - r0;
      int rowBytes = cols * s;
      readPadded((long) r0 * rowBytes, buf, 0, k * rowBytes);
      byte[] slab = repair.slab(r0);
      rowCode.encodeBatch(s, k, buf, 0, s, rowBytes, slab, repair.offset(r0), s, (long) f * s);
      for (int r = r0; r < r1; r++) {
        int at = (r - r0) * rowBytes;
        byte[] leafRow = leaves[r];
        Expansion.hashSymbols(buf, at, s, cols, leafRow, 0);
        Expansion.hashSymbols(slab, repair.offset(r), s, f, leafRow, cols * H);
        Node root = MerkleTree.rootOfLeafHashes(leafRow, 0, H, n, scratch);
        rowRoots[r] = root;
        emit(SliverType.PRIMARY, r, buf, at, rowBytes, root);
      }
    }
  }

  // ---- pass 2: columns -------------------------------------------------------------------------

  /** Column batches of [from, to): the repair columns (fromRepair) or the systematic ones. */
  private void encodeColumns(int from, int to, boolean fromRepair) {
    int width = to - from;
    if (width <= 0) {
      return;
    }
    int perBatch = columnBatch();
    List<int[]> batches = new ArrayList<>();
    for (int c = from; c < to; ) {
      int end = Math.min(c + perBatch, to);
      if (!fromRepair && recoveryBlocks != null) {
        end = Math.min(end, (c / blockCols + 1) * blockCols);
      }
      batches.add(new int[] {c, end});
      c = end;
    }
    Parallel.forEach(
        executor,
        threads,
        batches.size(),
        () -> new ColumnWorker(perBatch),
        (w, t) -> w.run(batches.get(t)[0], batches.get(t)[1], fromRepair));
  }

  private int columnBatch() {
    return batchCount((long) rows * s, cols);
  }

  private void allocateRecoveryBlocks() {
    int perBatch = columnBatch();
    long columnBytes = 2L * f * s;
    int batchesPerBlock = (int) Math.max(1, SLAB_BYTES / (columnBytes * perBatch));
    blockCols = (int) Math.min(cols, (long) perBatch * batchesPerBlock);
    int blocks = (cols + blockCols - 1) / blockCols;
    recoveryBlocks = new byte[blocks][];
    for (int b = 0; b < blocks; b++) {
      int w = Math.min(blockCols, cols - b * blockCols);
      recoveryBlocks[b] = new byte[Math.toIntExact(columnBytes * w)];
    }
  }

  private final class ColumnWorker {
    final int maxCols;
    final byte[] src;
    final byte[] column = new byte[n * H];
    final byte[] scratch = new byte[MerkleTree.scratchSize(n)];
    final byte[] sliver;
    /** Recovery symbols that are only hashed, allocated on first use. */
    byte[] scratchOut;

    ColumnWorker(int maxCols) {
      this.maxCols = maxCols;
      src = new byte[Math.multiplyExact(rows, maxCols * s)];
      sliver = sink == null ? null : new byte[rows * s];
    }

    void run(int c0, int c1, boolean fromRepair) {
      int b = c1 - c0;
      int span = b * s;
      for (int r = 0; r < rows; r++) {
        if (fromRepair) {
          System.arraycopy(repair.slab(r), repair.offset(r) + (c0 - cols) * s, src, r * span, span);
        } else {
          readPadded(((long) r * cols + c0) * s, src, r * span, span);
        }
      }
      byte[] out;
      int outOff;
      int outStride;
      if (fromRepair || recoveryBlocks == null) {
        if (scratchOut == null) {
          scratchOut = new byte[Math.multiplyExact(2 * f, maxCols * s)];
        }
        out = scratchOut;
        outOff = 0;
        outStride = span;
      } else {
        int block = c0 / blockCols;
        out = recoveryBlocks[block];
        int blockStart = block * blockCols;
        outOff = (c0 - blockStart) * s;
        outStride = Math.min(blockCols, cols - blockStart) * s;
      }
      columnCode.encodeBatch(s, b, src, 0, span, s, out, outOff, outStride, s);
      int recovery = n - rows;
      for (int c = c0; c < c1; c++) {
        // The column's 2f recovery symbols in one batch call (a row of the batch holds only b of
        // them, too few to fill the vector hasher's lanes); their hashes also go to the leaf
        // matrix, where the recovery rows' trees find them.
        Blake2b256.leafHashes(out, outOff + (c - c0) * s, outStride, s, recovery, column, rows * H);
        for (int r = 0; r < rows; r++) {
          System.arraycopy(leaves[r], c * H, column, r * H, H);
        }
        for (int j = 0; j < recovery; j++) {
          System.arraycopy(column, (rows + j) * H, leaves[rows + j], c * H, H);
        }
        Node root = MerkleTree.rootOfLeafHashes(column, 0, H, n, scratch);
        columnRoots[c] = root;
        if (sink != null) {
          int cc = (c - c0) * s;
          for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * span + cc, sliver, r * s, s);
          }
          emit(SliverType.SECONDARY, c, sliver, 0, rows * s, root);
        }
      }
    }
  }

  // ---- pass 3: recovery rows -------------------------------------------------------------------

  private void finishRecoveryRows() {
    int recoveryRows = n - rows;
    Parallel.forEach(
        executor,
        threads,
        recoveryRows,
        () -> new RecoveryRowWorker(),
        (w, t) -> w.run(rows + t));
  }

  private final class RecoveryRowWorker {
    final byte[] scratch = new byte[MerkleTree.scratchSize(n)];
    final byte[] sliver = sink == null ? null : new byte[cols * s];

    void run(int r) {
      Node root = MerkleTree.rootOfLeafHashes(leaves[r], 0, H, n, scratch);
      rowRoots[r] = root;
      if (sink == null) {
        return;
      }
      int j = r - rows;
      for (int b = 0; b < recoveryBlocks.length; b++) {
        int blockStart = b * blockCols;
        int w = Math.min(blockCols, cols - blockStart) * s;
        System.arraycopy(recoveryBlocks[b], j * w, sliver, blockStart * s, w);
      }
      emit(SliverType.PRIMARY, r, sliver, 0, cols * s, root);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** How many units of {@code unitBytes} make a batch, at most {@code units}, split across threads. */
  private int batchCount(long unitBytes, int units) {
    long byBytes = Math.max(1, BATCH_BYTES / Math.max(1, unitBytes));
    long forThreads = threads > 1 ? Math.max(1, (units + 2L * threads - 1) / (2L * threads)) : units;
    return (int) Math.max(1, Math.min(Math.min(byBytes, forThreads), units));
  }

  /** Reads blob bytes [pos, pos+len) into dst, with zeros past the end of the blob. */
  private void readPadded(long pos, byte[] dst, int off, int len) {
    long available = Math.max(0, Math.min(len, length - pos));
    if (available > 0) {
      source.read(pos, dst, off, (int) available);
    }
    if (available < len) {
      Arrays.fill(dst, off + (int) available, off + len, (byte) 0);
    }
  }

  private void emit(SliverType type, int index, byte[] buf, int off, int len, Node root) {
    if (sink == null) {
      return;
    }
    SliverView view = new SliverView(type, index, s, buf, off, len, root);
    synchronized (sinkLock) {
      sink.accept(view);
    }
  }
}
