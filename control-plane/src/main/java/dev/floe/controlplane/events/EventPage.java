package dev.floe.controlplane.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One fetch of events: the events in order and the cursor to continue from: the end of the last
 * block scanned (so an empty page still advances), or the cursor given when there was nothing new
 * to scan. Resuming after any event of the page, or after the page's cursor, is exact.
 *
 * <p>The page also names the hash of every block it delivered events from and of the block its
 * cursor ends in. A reader that persists a cursor persists that block's hash with it and hands it
 * back when it resumes ({@link dev.floe.controlplane.ControlPlane#fetchEvents(EventId, Optional,
 * int, int)}), so a reorganization that replaced the block while the reader was down is detected.
 *
 * @param events the events, ordered by ID
 * @param cursor where the next fetch continues (everything up to it was delivered)
 * @param blockHashes the hash (0x-prefixed hex) of each block the events come from and of the
 *     cursor's block, by block number; empty when nothing new was scanned
 */
public record EventPage(List<ChainEvent> events, EventId cursor, Map<Long, String> blockHashes) {
  public EventPage {
    events = List.copyOf(events);
    blockHashes = Map.copyOf(blockHashes);
  }

  /** A page without block hashes. */
  public EventPage(List<ChainEvent> events, EventId cursor) {
    this(events, cursor, Map.of());
  }

  /** The hash of block {@code blockNumber}, when this page delivered from it. */
  public Optional<String> blockHash(long blockNumber) {
    return Optional.ofNullable(blockHashes.get(blockNumber));
  }
}
