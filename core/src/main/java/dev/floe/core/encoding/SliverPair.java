package dev.floe.core.encoding;

import dev.floe.core.errors.InvalidDataException;
import java.util.Objects;

/**
 * The two slivers one shard stores for a blob: primary sliver p and secondary sliver n-1-p
 * (Walrus {@code SliverPair}; {@link EncodingConfig#secondarySliverIndex(int)}).
 *
 * @param index the sliver pair index p
 * @param primary primary sliver p
 * @param secondary secondary sliver n-1-p
 */
public record SliverPair(int index, SliverData primary, SliverData secondary) {
  /** Checks the axes and that the primary sliver has index p. */
  public SliverPair {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(secondary, "secondary");
    if (primary.type() != SliverType.PRIMARY || secondary.type() != SliverType.SECONDARY) {
      throw new InvalidDataException("a sliver pair holds a primary and a secondary sliver");
    }
    if (primary.index() != index) {
      throw new InvalidDataException(
          "sliver pair " + index + " must hold primary sliver " + index + ", got " + primary.index());
    }
  }

  /** Checks that the secondary sliver is n-1-p for {@code config}. */
  public void checkIndices(EncodingConfig config) {
    int expected = config.secondarySliverIndex(index);
    if (secondary.index() != expected) {
      throw new InvalidDataException(
          "sliver pair " + index + " must hold secondary sliver " + expected + ", got " + secondary.index());
    }
  }

  /** The sliver of {@code type}. */
  public SliverData sliver(SliverType type) {
    return type == SliverType.PRIMARY ? primary : secondary;
  }
}
