package dev.floe.core.encoding;

import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSizeException;

/**
 * The position of one symbol in the expanded n x n matrix: the primary sliver (row) and the
 * secondary sliver (column) that intersect there. Text form {@code "P-S"}, as in Walrus's
 * {@code recoverySymbols?id=} query.
 *
 * @param primary the primary sliver index (row)
 * @param secondary the secondary sliver index (column)
 */
public record SymbolId(int primary, int secondary) {
  public SymbolId {
    if (primary < 0 || primary > 0xFFFF || secondary < 0 || secondary > 0xFFFF) {
      throw new InvalidSizeException(
          "symbol ID indices must be u16, got " + primary + "-" + secondary);
    }
  }

  /** Parses {@code "P-S"} with decimal u16 indices. */
  public static SymbolId parse(String text) {
    if (text == null) {
      throw new InvalidDataException("symbol ID is missing");
    }
    int dash = text.indexOf('-');
    if (dash <= 0 || dash == text.length() - 1 || text.indexOf('-', dash + 1) >= 0) {
      throw new InvalidDataException("symbol ID must look like 'P-S', got '" + abbreviate(text) + "'");
    }
    return new SymbolId(parseIndex(text.substring(0, dash), text), parseIndex(text.substring(dash + 1), text));
  }

  /** The index of this symbol's sliver of {@code type}. */
  public int index(SliverType type) {
    return type == SliverType.PRIMARY ? primary : secondary;
  }

  /** Rejects indices outside [0, n) of {@code config}. */
  public void checkWithin(EncodingConfig config) {
    if (primary >= config.nShards() || secondary >= config.nShards()) {
      throw new InvalidSizeException(
          "symbol " + this + " is outside the " + config.nShards() + " x " + config.nShards() + " matrix");
    }
  }

  private static int parseIndex(String part, String whole) {
    if (part.isEmpty() || part.length() > 5) {
      throw new InvalidDataException("symbol ID must look like 'P-S', got '" + abbreviate(whole) + "'");
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidDataException("symbol ID must look like 'P-S' with decimal indices, got '" + abbreviate(whole) + "'");
      }
      value = value * 10 + (c - '0');
    }
    if (value > 0xFFFF) {
      throw new InvalidSizeException("symbol ID index " + value + " exceeds u16 in '" + abbreviate(whole) + "'");
    }
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  @Override
  public String toString() {
    return primary + "-" + secondary;
  }
}
