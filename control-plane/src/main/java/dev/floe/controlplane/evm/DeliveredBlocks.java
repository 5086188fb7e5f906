package dev.floe.controlplane.evm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hashes of the most recent blocks whose events a reader was given, by block number, so the
 * next read can check that the block it continues after is still on the chain. Bounded: the oldest
 * entries are forgotten (a cursor with no remembered hash is simply not checked). Thread-safe.
 */
final class DeliveredBlocks {
  static final int CAPACITY = 4096;

  private final Map<Long, String> hashes = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The hash remembered for {@code blockNumber}, if any. */
  synchronized Optional<String> hashOf(long blockNumber) {
    return Optional.ofNullable(hashes.get(blockNumber));
  }

  /** Remembers (or replaces) the hash of a delivered block. */
  synchronized void remember(long blockNumber, String hash) {
    hashes.remove(blockNumber);
    hashes.put(blockNumber, hash);
  }
}
