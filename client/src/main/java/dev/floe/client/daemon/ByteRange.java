package dev.floe.client.daemon;

import java.util.Optional;

/**
 * One byte range of an HTTP {@code Range: bytes=...} header, resolved against the blob size: the
 * forms {@code a-b}, {@code a-} and {@code -suffix}. Multiple ranges are not supported (as upstream).
 *
 * @param start first byte (inclusive)
 * @param endInclusive last byte (inclusive)
 */
record ByteRange(long start, long endInclusive) {
  long length() {
    return endInclusive - start + 1;
  }

  /** Why a Range header could not be served. */
  static final class RangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean unsatisfiable;

    RangeException(String message, boolean unsatisfiable) {
      super(message);
      this.unsatisfiable = unsatisfiable;
    }

    /** True for a well-formed range outside the blob (416), false for a malformed header (400). */
    boolean unsatisfiable() {
      return unsatisfiable;
    }
  }

  /**
   * Parses {@code header} for a blob of {@code size} bytes; empty if the header is absent. Throws
   * {@link RangeException} for malformed or unsatisfiable ranges.
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String h = header.strip();
    if (!h.startsWith("bytes=")) {
      throw new RangeException("only 'bytes=' ranges are supported, got '" + abbreviate(h) + "'", false);
    }
    String spec = h.substring("bytes=".length()).strip();
    if (spec.contains(",")) {
      throw new RangeException("only one range is supported, got '" + abbreviate(spec) + "'", false);
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      throw new RangeException("range must look like 'bytes=a-b', got '" + abbreviate(spec) + "'", false);
    }
    String first = spec.substring(0, dash).strip();
    String last = spec.substring(dash + 1).strip();
    long start;
    long end;
    if (first.isEmpty()) {
      long suffix = number(last);
      if (suffix == 0) {
        throw new RangeException("empty suffix range 'bytes=-0'", true);
      }
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = number(first);
      end = last.isEmpty() ? size - 1 : Math.min(number(last), size - 1);
      if (!last.isEmpty() && number(last) < start) {
        throw new RangeException("range end " + last + " is before its start " + first, false);
      }
    }
    if (start >= size || end < start) {
      throw new RangeException("range '" + abbreviate(spec) + "' is outside the blob of " + size + " bytes", true);
    }
    return Optional.of(new ByteRange(start, end));
  }

  private static long number(String text) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      throw new RangeException("range bound '" + abbreviate(text) + "' is not a non-negative integer", false);
    }
    return Long.parseLong(text);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
