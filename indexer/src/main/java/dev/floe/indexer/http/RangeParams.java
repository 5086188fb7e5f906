package dev.floe.indexer.http;

import dev.floe.indexer.store.EventRange;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the range query parameters of the listing endpoints: {@code fromBlock} and {@code toBlock}
 * (block numbers, inclusive), {@code fromTime} (inclusive) and {@code toTime} (exclusive), each an
 * ISO-8601 instant such as {@code 2026-05-01T12:00:00Z} or Unix seconds.
 */
final class RangeParams {
  /** The parameter names. */
  static final String FROM_BLOCK = "fromBlock";
  static final String TO_BLOCK = "toBlock";
  static final String FROM_TIME = "fromTime";
  static final String TO_TIME = "toTime";

  private RangeParams() {}

  /**
   * The range the parameters describe ({@link EventRange#ALL} without any).
   *
   * @throws IllegalArgumentException naming the parameter that is malformed, or why the range is empty
   */
  static EventRange parse(MultiMap params) {
    return new EventRange(
        block(params, FROM_BLOCK), block(params, TO_BLOCK), time(params, FROM_TIME), time(params, TO_TIME));
  }

  private static OptionalLong block(MultiMap params, String name) {
    String text = single(params, name);
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      long v = Long.parseLong(text);
      if (v < 0) {
        throw new IllegalArgumentException(name + " must be a block number >= 0, got " + v);
      }
      return OptionalLong.of(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a block number, got '" + text + "'");
    }
  }

  private static Optional<Instant> time(MultiMap params, String name) {
    String text = single(params, name);
    if (text == null) {
      return Optional.empty();
    }
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        throw new IllegalArgumentException(name + " is out of range: '" + text + "'");
      }
    }
    try {
      // a '+' of an offset written raw in a URL arrives as a space (form encoding): take it back
      return Optional.of(Instant.parse(text.indexOf(' ') > 0 ? text.replace(' ', '+') : text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant (e.g. 2026-05-01T12:00:00Z) or Unix"
          + " seconds, got '" + text + "'");
    }
  }

  private static String single(MultiMap params, String name) {
    var values = params.getAll(name);
    if (values.size() > 1) {
      throw new IllegalArgumentException(name + " is given " + values.size() + " times");
    }
    if (values.isEmpty()) {
      return null;
    }
    String v = values.getFirst().strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return v;
  }
}
