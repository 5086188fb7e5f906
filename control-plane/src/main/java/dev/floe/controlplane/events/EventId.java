package dev.floe.controlplane.events;

/**
 * The position of a chain event, which is also a resumable cursor: block number and the log's
 * index within the block. Events are totally ordered by (blockNumber, logIndex). A subscription
 * "after" an ID delivers exactly the events ordered after it; {@link #atBlockEnd(long)} marks the
 * end of a block (everything in it consumed). Immutable.
 *
 * @param blockNumber the block that holds the event
 * @param logIndex the log's index in the block ({@link Integer#MAX_VALUE} for a block end)
 */
public record EventId(long blockNumber, int logIndex) implements Comparable<EventId> {
  public EventId {
    if (blockNumber < 0 || logIndex < 0) {
      throw new IllegalArgumentException(
          "event ID must not be negative: block " + blockNumber + ", log " + logIndex);
    }
  }

  /** The cursor after every event of {@code blockNumber}. */
  public static EventId atBlockEnd(long blockNumber) {
    return new EventId(blockNumber, Integer.MAX_VALUE);
  }

  /** Whether this marks the end of a block rather than an event. */
  public boolean isBlockEnd() {
    return logIndex == Integer.MAX_VALUE;
  }

  /** Parses the text form {@code block:log} (or {@code block:end}). */
  public static EventId parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("event ID must look like 'block:log', got '" + text + "'");
    }
    try {
      long block = Long.parseLong(text.substring(0, colon));
      String log = text.substring(colon + 1);
      return new EventId(block, log.equals("end") ? Integer.MAX_VALUE : Integer.parseInt(log));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("event ID must look like 'block:log', got '" + text + "'", e);
    }
  }

  @Override
  public int compareTo(EventId o) {
    int c = Long.compare(blockNumber, o.blockNumber);
    return c != 0 ? c : Integer.compare(logIndex, o.logIndex);
  }

  @Override
  public String toString() {
    return blockNumber + ":" + (isBlockEnd() ? "end" : Integer.toString(logIndex));
  }
}
