package dev.floe.controlplane.events;

import java.util.List;

/**
 * One fetch of events: the events in order and the cursor to continue from: the end of the last
 * block scanned (so an empty page still advances), or the cursor given when there was nothing new
 * to scan. Resuming after any event of the page, or after the page's cursor, is exact.
 *
 * @param events the events, ordered by ID
 * @param cursor where the next fetch continues (everything up to it was delivered)
 */
public record EventPage(List<ChainEvent> events, EventId cursor) {
  public EventPage {
    events = List.copyOf(events);
  }
}
