package dev.floe.core.encoding;

import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import dev.floe.core.merkle.MerkleTree;
import dev.floe.core.merkle.Node;
import dev.floe.core.rs.ReedSolomon;
import java.util.List;

/**
 * The two Reed-Solomon codes of a configuration and the expansion of single slivers: a primary
 * sliver (n-f symbols, a row) is expanded with the row code RS(n-f, f) to the n symbols of its
 * expanded row; a secondary sliver (n-2f symbols, a column) with the column code RS(n-2f, 2f) to
 * the n symbols of its expanded column. Symbol k of an expansion is the symbol at index k of the
 * orthogonal axis. Thread-safe.
 */
final class Expansion {
  static final int H = Node.LENGTH;
  /** Bytes of expanded slivers per batch in {@link #roots}. */
  private static final long ROOT_BATCH_BYTES = 2L << 20;

  final EncodingConfig config;
  final int n;
  /** n - 2f: rows of the message matrix, symbols of a secondary sliver. */
  final int rows;
  /** n - f: columns of the message matrix, symbols of a primary sliver. */
  final int cols;
  /** RS(n-f, f): expands a row (primary sliver) to n symbols ("secondary encoding"). */
  final ReedSolomon rowCode;
  /** RS(n-2f, 2f): expands a column (secondary sliver) to n symbols ("primary encoding"). */
  final ReedSolomon columnCode;

  Expansion(EncodingConfig config) {
    this.config = config;
    this.n = config.nShards();
    this.rows = config.primarySourceSymbols();
    this.cols = config.secondarySourceSymbols();
    this.rowCode = ReedSolomon.of(cols, n - cols);
    this.columnCode = ReedSolomon.of(rows, n - rows);
  }

  /** The code that expands a sliver of {@code type}. */
  ReedSolomon codeFor(SliverType type) {
    return type == SliverType.PRIMARY ? rowCode : columnCode;
  }

  /** Number of source symbols in a sliver of {@code type}. */
  int symbols(SliverType type) {
    return type == SliverType.PRIMARY ? cols : rows;
  }

  /**
   * Writes the n-symbol expansion of the sliver {@code data[off..off + k*symbolSize)} (k source
   * symbols of {@code type}) to {@code out[0..n*symbolSize)}.
   */
  void expand(SliverType type, byte[] data, int off, int symbolSize, byte[] out) {
    int k = symbols(type);
    System.arraycopy(data, off, out, 0, k * symbolSize);
    codeFor(type).encodeBatch(
        symbolSize, 1, data, off, symbolSize, 0, out, (long) k * symbolSize, symbolSize, 0);
  }

  /** The n-symbol expansion of {@code sliver} as a new array. */
  byte[] expand(SliverData sliver) {
    byte[] out = new byte[Math.multiplyExact(n, sliver.symbolSize())];
    expand(sliver.type(), sliver.raw(), 0, sliver.symbolSize(), out);
    return out;
  }

  /** The Merkle root over the expansion of {@code sliver}: its commitment in the metadata. */
  Node root(SliverData sliver) {
    checkShape(sliver, sliver.symbolSize());
    return roots(sliver.type(), sliver.symbolSize(), 1, (i, dst, off) -> sliver.copyTo(dst, off))[0];
  }

  /** Writes the source symbols of sliver {@code i} of a batch to {@code dst[off..]}. */
  @FunctionalInterface
  interface SliverFiller {
    void fill(int i, byte[] dst, int off);
  }

  /**
   * The Merkle roots over the expansions of {@code count} slivers of {@code type}, expanded together
   * in as few Reed-Solomon calls as the batch memory bound allows (one call per sliver would pay
   * the transform's fixed cost each time).
   */
  Node[] roots(SliverType type, int symbolSize, int count, SliverFiller filler) {
    int k = symbols(type);
    int sliverBytes = k * symbolSize;
    int repairBytes = (n - k) * symbolSize;
    int perChunk = (int) Math.max(1, Math.min(count, ROOT_BATCH_BYTES / ((long) n * symbolSize)));
    byte[] src = new byte[Math.multiplyExact(perChunk, sliverBytes)];
    byte[] repair = new byte[Math.multiplyExact(perChunk, repairBytes)];
    byte[] leaves = new byte[n * H];
    byte[] scratch = new byte[MerkleTree.scratchSize(n)];
    Node[] out = new Node[count];
    for (int c0 = 0; c0 < count; c0 += perChunk) {
      int m = Math.min(perChunk, count - c0);
      for (int t = 0; t < m; t++) {
        filler.fill(c0 + t, src, t * sliverBytes);
      }
      codeFor(type).encodeBatch(symbolSize, m, src, 0, symbolSize, sliverBytes, repair, 0, symbolSize, repairBytes);
      for (int t = 0; t < m; t++) {
        hashSymbols(src, t * sliverBytes, symbolSize, k, leaves, 0);
        hashSymbols(repair, t * repairBytes, symbolSize, n - k, leaves, k * H);
        out[c0 + t] = MerkleTree.rootOfLeafHashes(leaves, 0, H, n, scratch);
      }
    }
    return out;
  }

  /** The full Merkle tree over the expansion of {@code sliver}, with the expansion itself. */
  Expanded tree(SliverData sliver) {
    checkShape(sliver, sliver.symbolSize());
    byte[] expanded = expand(sliver);
    return new Expanded(expanded, MerkleTree.fromLeafData(expanded, 0, sliver.symbolSize(), n));
  }

  /** An expanded sliver and the tree over its n symbols. */
  record Expanded(byte[] symbols, MerkleTree tree) {}

  /**
   * Checks that {@code sliver} has the symbol count of its axis, the given symbol size and an
   * index below n.
   */
  void checkShape(SliverData sliver, int symbolSize) {
    if (sliver.index() >= n) {
      throw new InvalidSizeException(
          sliver.type().pathSegment() + " sliver index " + sliver.index() + " is outside [0, " + n + ")");
    }
    if (sliver.symbolSize() != symbolSize) {
      throw new InvalidSizeException(
          sliver + " has symbol size " + sliver.symbolSize() + ", the blob uses " + symbolSize);
    }
    if ((symbolSize & 1) != 0) {
      throw new InvalidSizeException("RS2 symbols have an even size, got " + symbolSize);
    }
    int expected = symbols(sliver.type());
    if (sliver.symbolCount() != expected) {
      throw new InvalidSizeException(
          sliver + " has " + sliver.symbolCount() + " symbols, a " + sliver.type().pathSegment()
              + " sliver of " + n + " shards has " + expected);
    }
  }

  /**
   * Rebuilds sliver {@code targetIndex} of {@code targetType} from exactly as many symbols as the
   * code needs, each the symbol at the target's position in a distinct source sliver of the other
   * axis ({@code symbol.index()} = source sliver index = position in the target's codeword).
   */
  SliverData decodeSliver(SliverType targetType, int targetIndex, int symbolSize, List<DecodingSymbol> symbols) {
    ReedSolomon code = codeFor(targetType);
    int k = code.originalCount();
    if (symbols.size() != k) {
      throw new NotEnoughSymbolsException(
          "a " + targetType.pathSegment() + " sliver is rebuilt from " + k + " symbols, got " + symbols.size());
    }
    int[] present = new int[k];
    byte[][] srcs = new byte[k][];
    for (int i = 0; i < k; i++) {
      DecodingSymbol s = symbols.get(i);
      if (s.index() >= n) {
        throw new InvalidSizeException("symbol index " + s.index() + " is outside [0, " + n + ")");
      }
      if (s.length() != symbolSize) {
        throw new InvalidSizeException(
            "symbol " + s.index() + " has " + s.length() + " bytes, expected " + symbolSize);
      }
      present[i] = s.index();
      srcs[i] = s.raw();
    }
    byte[] out = new byte[k * symbolSize];
    code.decodeBatch(symbolSize, 1, present, srcs, new long[k], 0, out, 0, symbolSize, 0);
    return SliverData.wrap(targetType, targetIndex, symbolSize, out);
  }

  /** Leaf-hashes {@code count} consecutive symbols into consecutive 32-byte hashes (batched). */
  static void hashSymbols(byte[] data, int off, int symbolSize, int count, byte[] out, int outOff) {
    Blake2b256.leafHashes(data, off, symbolSize, count, out, outOff);
  }
}
