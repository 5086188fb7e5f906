package dev.floe.indexer.store;

import dev.floe.controlplane.events.EventId;
import java.util.Optional;

/**
 * Where indexing stopped.
 *
 * @param id the last position applied (an event or the end of a scanned block)
 * @param blockHash the hash of that position's block, when the chain reported it
 * @param eventsIndexed how many events were applied in all
 */
public record IndexCursor(EventId id, Optional<String> blockHash, long eventsIndexed) {
  @Override
  public String toString() {
    return id + blockHash.map(h -> " (" + h + ")").orElse("");
  }
}
