package dev.floe.indexer.follow;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Reads block headers: the hash and timestamp of blocks by number. The indexer stores each event's
 * block time so the query API can filter by time. Implementations are thread-safe.
 */
public interface BlockTimes {

  /** A block's hash (0x-prefixed hex, lower case) and timestamp (whole seconds). */
  record BlockHeader(long number, String hash, Instant time) {}

  /**
   * The headers of {@code blockNumbers} (every one of them, by number).
   *
   * @throws BlockTimeException when the chain cannot be read or does not have one of the blocks
   */
  Map<Long, BlockHeader> headers(Collection<Long> blockNumbers);

  /** A failure reading block headers. */
  final class BlockTimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlockTimeException(String message) {
      super(message);
    }

    public BlockTimeException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
