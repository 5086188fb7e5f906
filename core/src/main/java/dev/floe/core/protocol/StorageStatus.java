package dev.floe.core.protocol;

import dev.floe.core.errors.InvalidDataException;
import java.util.Locale;

/**
 * Whether a node holds metadata or a sliver: the JSON string of the {@code .../status} routes
 * ({@code "nonexistent"}, {@code "buffered"} — held in the pending-upload cache until the
 * registration is seen — or {@code "stored"}).
 */
public enum StorageStatus {
  /** Not on this node. */
  NONEXISTENT,
  /** In the bounded pending-upload cache, not yet persisted. */
  BUFFERED,
  /** Persisted. */
  STORED;

  /** The JSON string. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON string. */
  public static StorageStatus fromWireName(String text) {
    for (StorageStatus s : values()) {
      if (s.wireName().equals(text)) {
        return s;
      }
    }
    throw new InvalidDataException("unknown storage status '" + Routes.abbreviate(text) + "'");
  }
}
