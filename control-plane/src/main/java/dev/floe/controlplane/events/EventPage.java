package dev.floe.controlplane.events;

import java.util.List;

/**
 * One fetch of events: the events in order and the cursor to continue from. The cursor is the last
 * event's ID, or the end of the last block scanned when that block held no more events, so an
 * empty page still advances.
 *
 * @param events the events, ordered by ID
 * @param cursor where the next fetch continues (exclusive)
 */
public record EventPage(List<ChainEvent> events, EventId cursor) {
  public EventPage {
    events = List.copyOf(events);
  }
}
