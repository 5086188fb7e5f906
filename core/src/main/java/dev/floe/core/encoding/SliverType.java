package dev.floe.core.encoding;

import dev.floe.core.errors.BcsException;

/**
 * The two axes of Red Stuff. A primary sliver is a row of the expanded matrix, a secondary sliver a
 * column. The BCS enum index and the REST path segment follow Walrus.
 */
public enum SliverType {
  PRIMARY("primary"),
  SECONDARY("secondary");

  private final String pathSegment;

  SliverType(String pathSegment) {
    this.pathSegment = pathSegment;
  }

  /** "primary" or "secondary", as in the REST paths. */
  public String pathSegment() {
    return pathSegment;
  }

  /** The other axis. */
  public SliverType orthogonal() {
    return this == PRIMARY ? SECONDARY : PRIMARY;
  }

  /** BCS enum index: Primary = 0, Secondary = 1. */
  public int bcsIndex() {
    return ordinal();
  }

  public static SliverType fromBcsIndex(int index) {
    return switch (index) {
      case 0 -> PRIMARY;
      case 1 -> SECONDARY;
      default -> throw new BcsException("invalid sliver type index " + index);
    };
  }

  /** Parses "primary"/"secondary" (case-insensitive). */
  public static SliverType fromPathSegment(String segment) {
    for (SliverType t : values()) {
      if (t.pathSegment.equalsIgnoreCase(segment)) {
        return t;
      }
    }
    throw new dev.floe.core.errors.InvalidDataException("sliver type must be 'primary' or 'secondary', got '" + segment + "'");
  }
}
