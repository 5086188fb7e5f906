package dev.floe.core.encoding;

/**
 * Equal-length rows packed into a few large arrays ("slabs"), so that storage larger than one Java
 * array works and the garbage collector sees a handful of big objects instead of many
 * region-sized ones.
 */
final class SlabRows {
  final int rows;
  final int rowBytes;
  final int rowsPerSlab;
  private final byte[][] slabs;

  SlabRows(int rows, int rowBytes, long targetSlabBytes) {
    this.rows = rows;
    this.rowBytes = rowBytes;
    long perSlab = Math.max(1, targetSlabBytes / Math.max(1, rowBytes));
    this.rowsPerSlab = (int) Math.min(rows, perSlab);
    int count = rows == 0 ? 0 : (rows + rowsPerSlab - 1) / rowsPerSlab;
    this.slabs = new byte[count][];
    for (int i = 0; i < count; i++) {
      int inSlab = Math.min(rowsPerSlab, rows - i * rowsPerSlab);
      slabs[i] = new byte[Math.multiplyExact(inSlab, rowBytes)];
    }
  }

  /** The array holding {@code row}. */
  byte[] slab(int row) {
    return slabs[row / rowsPerSlab];
  }

  /** The offset of {@code row} inside {@link #slab(int)}. */
  int offset(int row) {
    return (row % rowsPerSlab) * rowBytes;
  }

  /** The last row (exclusive) of the slab that holds {@code row}. */
  int slabEnd(int row) {
    return Math.min(rows, (row / rowsPerSlab + 1) * rowsPerSlab);
  }
}
