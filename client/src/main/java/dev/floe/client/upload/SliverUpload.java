package dev.floe.client.upload;

import dev.floe.core.encoding.SliverType;

/**
 * One sliver waiting to be sent to its node: its pair index, axis and BCS body, plus the memory
 * permit reserved for the body before it was made (null: the send reserves bytes in flight itself).
 */
record SliverUpload(int pairIndex, SliverType type, byte[] bcs, TransferLimiter.Permit memory) {
  /** Returns the memory permit, if any. */
  void release() {
    if (memory != null) {
      memory.close();
    }
  }
}
