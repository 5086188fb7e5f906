package dev.floe.node.store;

import dev.floe.core.blob.BlobId;

/** Key layouts: blob ID (32 bytes), or blob ID ‖ sliver pair index (u16 big-endian). */
final class SliverKey {
  static final int LENGTH = BlobId.LENGTH + 2;

  private SliverKey() {}

  static byte[] blob(BlobId id) {
    return id.toBytes();
  }

  static byte[] sliver(BlobId id, int pairIndex) {
    byte[] k = new byte[LENGTH];
    System.arraycopy(id.toBytes(), 0, k, 0, BlobId.LENGTH);
    k[BlobId.LENGTH] = (byte) (pairIndex >>> 8);
    k[BlobId.LENGTH + 1] = (byte) pairIndex;
    return k;
  }

  /** First key of the blob's sliver range (inclusive). */
  static byte[] rangeStart(BlobId id) {
    return sliver(id, 0);
  }

  /** End of the blob's sliver range (exclusive): the blob ID followed by three 0xFF bytes. */
  static byte[] rangeEnd(BlobId id) {
    byte[] k = new byte[LENGTH + 1];
    System.arraycopy(id.toBytes(), 0, k, 0, BlobId.LENGTH);
    k[BlobId.LENGTH] = (byte) 0xFF;
    k[BlobId.LENGTH + 1] = (byte) 0xFF;
    k[BlobId.LENGTH + 2] = (byte) 0xFF;
    return k;
  }

  static int pairIndex(byte[] key) {
    return ((key[BlobId.LENGTH] & 0xFF) << 8) | (key[BlobId.LENGTH + 1] & 0xFF);
  }
}
