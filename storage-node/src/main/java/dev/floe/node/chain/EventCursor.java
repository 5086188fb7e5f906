package dev.floe.node.chain;

import dev.floe.core.protocol.EventRef;
import java.util.Optional;

/**
 * The position of a chain event: block number and log index, plus the hash of that block when the
 * chain reported it. Events are totally ordered by (block, log); a node persists the cursor of the
 * last event whose effects it stored, with the block hash, and resumes strictly after it, checking
 * first that the block was not replaced while the node was down.
 *
 * @param blockNumber the block of the event
 * @param logIndex the log's index in the block
 * @param blockHash the block's hash (0x-prefixed hex), or null when not known
 */
public record EventCursor(long blockNumber, long logIndex, String blockHash) implements Comparable<EventCursor> {
  public EventCursor {
    if (blockNumber < 0 || logIndex < 0) {
      throw new IllegalArgumentException("event cursor must not be negative: " + blockNumber + "/" + logIndex);
    }
    if (blockHash != null && !blockHash.matches("0x[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("block hash must be 0x and 64 hex digits, got '" + blockHash + "'");
    }
  }

  /** A cursor whose block hash is not known. */
  public EventCursor(long blockNumber, long logIndex) {
    this(blockNumber, logIndex, null);
  }

  /** The hash of the cursor's block, when known. */
  public Optional<String> knownBlockHash() {
    return Optional.ofNullable(blockHash);
  }

  /** Orders by position only (block, then log index); the hash does not take part. */
  @Override
  public int compareTo(EventCursor o) {
    int c = Long.compare(blockNumber, o.blockNumber);
    return c != 0 ? c : Long.compare(logIndex, o.logIndex);
  }

  /** The API form of this cursor. */
  public EventRef toRef() {
    return new EventRef(blockNumber, logIndex);
  }

  /** The cursor of an API event reference. */
  public static EventCursor of(EventRef ref) {
    return new EventCursor(ref.blockNumber(), ref.logIndex());
  }

  @Override
  public String toString() {
    return blockNumber + ":" + logIndex;
  }
}
