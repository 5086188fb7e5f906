package dev.floe.core.encoding;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a byte range of a blob from its systematic primary slivers only, without decoding the
 * blob: bytes {@code [a, b)} lie in rows {@code a / rowBytes .. (b-1) / rowBytes} of the message
 * matrix, and systematic primary sliver r is row r verbatim. Each sliver used is verified against
 * the metadata, which is a weaker guarantee than a full read's consistency check (as in Walrus's
 * byte-range reads). Thread-safe.
 */
public final class ByteRangeReader {
  private final EncodingConfig config;
  private final SliverVerifier verifier;
  private final long length;
  private final long rowBytes;

  /** A reader for the blob of {@code metadata}. */
  public ByteRangeReader(EncodingConfig config, VerifiedBlobMetadata metadata) {
    this.config = Objects.requireNonNull(config, "config");
    this.verifier = new SliverVerifier(config, metadata);
    this.length = metadata.unencodedLength();
    this.rowBytes = (long) config.secondarySourceSymbols() * verifier.symbolSize();
  }

  /**
   * The primary slivers [first, end) that hold bytes [from, to).
   *
   * @param first the first sliver index
   * @param end one past the last sliver index (equal to {@code first} for an empty range)
   */
  public record SliverSpan(int first, int end) {
    /** Number of slivers. */
    public int count() {
      return end - first;
    }
  }

  /**
   * The systematic primary slivers holding bytes {@code [from, to)}.
   *
   * @throws InvalidSizeException unless {@code 0 <= from <= to <= length}
   */
  public SliverSpan slivers(long from, long to) {
    checkRange(from, to);
    if (from == to) {
      int at = (int) Math.min(from / rowBytes, config.primarySourceSymbols());
      return new SliverSpan(at, at);
    }
    return new SliverSpan((int) (from / rowBytes), (int) ((to - 1) / rowBytes) + 1);
  }

  /**
   * Extracts bytes {@code [from, to)} from the slivers of {@link #slivers}; other slivers given are
   * ignored.
   *
   * @throws NotEnoughSymbolsException if a needed sliver is missing
   * @throws dev.floe.core.errors.HashMismatchException if a needed sliver does not verify
   */
  public byte[] extract(Collection<SliverData> primarySlivers, long from, long to) {
    SliverSpan span = slivers(from, to);
    if (to - from > Integer.MAX_VALUE - 16) {
      throw new InvalidSizeException("range of " + (to - from) + " bytes does not fit in a byte array");
    }
    Map<Integer, SliverData> byIndex = new HashMap<>();
    for (SliverData s : primarySlivers) {
      if (s.type() != SliverType.PRIMARY) {
        throw new InvalidDataException("byte ranges are read from primary slivers, got " + s);
      }
      if (s.index() >= span.first() && s.index() < span.end()) {
        byIndex.putIfAbsent(s.index(), s);
      }
    }
    byte[] out = new byte[(int) (to - from)];
    for (int r = span.first(); r < span.end(); r++) {
      SliverData s = byIndex.get(r);
      if (s == null) {
        throw new NotEnoughSymbolsException(
            "bytes [" + from + ", " + to + ") need primary sliver " + r + ", which was not given");
      }
      verifier.verify(s);
      long rowStart = r * rowBytes;
      long a = Math.max(from, rowStart);
      long b = Math.min(to, rowStart + rowBytes);
      System.arraycopy(s.raw(), (int) (a - rowStart), out, (int) (a - from), (int) (b - a));
    }
    return out;
  }

  private void checkRange(long from, long to) {
    if (from < 0 || to < from || to > length) {
      throw new InvalidSizeException(
          "byte range [" + from + ", " + to + ") is not within the blob's " + length + " bytes");
    }
  }
}
