package dev.floe.client.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One byte range of an HTTP {@code Range: bytes=...} header (RFC 9110 §14.1.2), resolved against
 * the blob size, and the parser of the whole header: a comma-separated list of the forms {@code
 * a-b}, {@code a-} and {@code -suffix}. At most {@link #MAX_RANGES} ranges are accepted; ranges
 * outside the blob are dropped (416 only when none is left); overlapping and adjacent ranges are
 * coalesced into one (RFC 9110 §14.2 allows it), so no byte is sent twice.
 *
 * @param start first byte (inclusive)
 * @param endInclusive last byte (inclusive)
 */
record ByteRange(long start, long endInclusive) {
  /** The most ranges one header may list. */
  static final int MAX_RANGES = 16;

  ByteRange {
    if (start < 0 || endInclusive < start) {
      throw new IllegalArgumentException("invalid byte range " + start + "-" + endInclusive);
    }
  }

  long length() {
    return endInclusive - start + 1;
  }

  /** The {@code Content-Range} value of this range of a blob of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + start + "-" + endInclusive + "/" + size;
  }

  /** Why a Range header could not be served. */
  static final class RangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean unsatisfiable;

    RangeException(String message, boolean unsatisfiable) {
      super(message);
      this.unsatisfiable = unsatisfiable;
    }

    /** True for well-formed ranges all outside the blob (416), false for a malformed header (400). */
    boolean unsatisfiable() {
      return unsatisfiable;
    }
  }

  /**
   * Parses {@code header} for a blob of {@code size} bytes: the satisfiable ranges after coalescing,
   * in the order their first range appeared in the header; empty if the header is absent or its
   * range unit is not {@code bytes} (the whole blob is then served). Throws
   * {@link RangeException} for a malformed header, more than {@link #MAX_RANGES} ranges, or when no
   * range is satisfiable.
   */
  static List<ByteRange> parse(String header, long size) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    String h = header.strip();
    if (!hasBytesUnit(h)) {
      // RFC 9110 §14.2: a server MUST ignore a Range header with a range unit it does not understand
      return List.of();
    }
    List<String> specs = new ArrayList<>();
    for (String part : h.substring("bytes=".length()).split(",", -1)) {
      if (!part.isBlank()) {
        specs.add(part.strip());
      }
      if (specs.size() > MAX_RANGES) {
        throw new RangeException("at most " + MAX_RANGES + " ranges may be asked for at once", false);
      }
    }
    if (specs.isEmpty()) {
      throw new RangeException("the Range header lists no range: '" + abbreviate(h) + "'", false);
    }
    List<Indexed> satisfiable = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      int index = i;
      resolve(specs.get(i), size).ifPresent(r -> satisfiable.add(new Indexed(r, index)));
    }
    if (satisfiable.isEmpty()) {
      String what = specs.size() == 1 ? "range '" + abbreviate(specs.getFirst()) + "' is" : "every range is";
      throw new RangeException(what + " outside the blob of " + size + " bytes", true);
    }
    return coalesce(satisfiable);
  }

  /** Whether {@code header} asks for {@code bytes} ranges (any other unit is ignored). */
  static boolean hasBytesUnit(String header) {
    return header != null && header.strip().toLowerCase(Locale.ROOT).startsWith("bytes=");
  }

  private record Indexed(ByteRange range, int firstIndex) {}

  /** Merges overlapping and adjacent ranges; each merged range keeps the earliest header position. */
  private static List<ByteRange> coalesce(List<Indexed> ranges) {
    List<Indexed> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong((Indexed x) -> x.range().start()));
    List<Indexed> merged = new ArrayList<>();
    for (Indexed next : sorted) {
      Indexed last = merged.isEmpty() ? null : merged.getLast();
      if (last != null && next.range().start() <= last.range().endInclusive() + 1) {
        long end = Math.max(last.range().endInclusive(), next.range().endInclusive());
        merged.set(merged.size() - 1, new Indexed(new ByteRange(last.range().start(), end),
            Math.min(last.firstIndex(), next.firstIndex())));
      } else {
        merged.add(next);
      }
    }
    merged.sort(Comparator.comparingInt(Indexed::firstIndex));
    return merged.stream().map(Indexed::range).toList();
  }

  /** One range-spec resolved against the size; empty when it is well-formed but unsatisfiable. */
  private static Optional<ByteRange> resolve(String spec, long size) {
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
      if (suffix == 0 || size == 0) {
        return Optional.empty();
      }
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = number(first);
      if (!last.isEmpty() && number(last) < start) {
        throw new RangeException("range end " + last + " is before its start " + first, false);
      }
      if (start >= size) {
        return Optional.empty();
      }
      end = last.isEmpty() ? size - 1 : Math.min(number(last), size - 1);
    }
    return Optional.of(new ByteRange(start, end));
  }

  /**
   * A range bound: any run of digits (RFC 9110 puts no limit on their count); a value beyond 18
   * digits saturates at {@link Long#MAX_VALUE}, which is past the end of every blob (a last-pos or
   * suffix that large means "to the end", a first-pos that large is unsatisfiable).
   */
  private static long number(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new RangeException("range bound '" + abbreviate(text) + "' is not a non-negative integer", false);
    }
    String digits = text.replaceFirst("^0+(?=.)", "");
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
