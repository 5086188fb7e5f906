package dev.floe.node.chain;

import dev.floe.core.protocol.EventRef;

/**
 * The position of a chain event: block number and log index. Events are totally ordered by it; a
 * node persists the cursor of the last event whose effects it stored and resumes strictly after it.
 */
public record EventCursor(long blockNumber, long logIndex) implements Comparable<EventCursor> {
  public EventCursor {
    if (blockNumber < 0 || logIndex < 0) {
      throw new IllegalArgumentException("event cursor must not be negative: " + blockNumber + "/" + logIndex);
    }
  }

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
