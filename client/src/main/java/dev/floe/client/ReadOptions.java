package dev.floe.client;

import dev.floe.core.encoding.ConsistencyCheck;

/**
 * How to read a blob.
 *
 * @param consistencyCheck {@link ConsistencyCheck#DEFAULT} re-derives the systematic slivers that
 *     were not fetched; {@link ConsistencyCheck#STRICT} re-encodes the whole blob and compares the
 *     blob ID (the CLI's {@code --strict})
 */
public record ReadOptions(ConsistencyCheck consistencyCheck) {
  /** The default check. */
  public static final ReadOptions DEFAULT = new ReadOptions(ConsistencyCheck.DEFAULT);
  /** The strict check. */
  public static final ReadOptions STRICT = new ReadOptions(ConsistencyCheck.STRICT);

  public ReadOptions {
    if (consistencyCheck == null) {
      throw new IllegalArgumentException("consistency check is required");
    }
  }
}
