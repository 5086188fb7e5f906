package dev.floe.core.encoding;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.WrongSliverException;
import dev.floe.core.merkle.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Checks slivers against verified blob metadata: symbol size, symbol count, index range, and the
 * Merkle root of the sliver's expansion along the orthogonal axis against the hash the metadata
 * hold for it (primary sliver i: pair i's primary hash; secondary sliver j: pair n-1-j's secondary
 * hash). Thread-safe.
 */
public final class SliverVerifier {
  private final EncodingConfig config;
  private final VerifiedBlobMetadata metadata;
  private final Expansion expansion;
  private final int symbolSize;

  /**
   * A verifier for the blob described by {@code metadata}.
   *
   * @throws InvalidSizeException if the metadata do not have one hash pair per shard of {@code
   *     config}
   */
  public SliverVerifier(EncodingConfig config, VerifiedBlobMetadata metadata) {
    this(config, metadata, new Expansion(config));
  }

  SliverVerifier(EncodingConfig config, VerifiedBlobMetadata metadata, Expansion expansion) {
    this.config = Objects.requireNonNull(config, "config");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    checkMetadata(config, metadata);
    this.expansion = expansion;
    this.symbolSize = config.symbolSize(metadata.unencodedLength());
  }

  static void checkMetadata(EncodingConfig config, VerifiedBlobMetadata metadata) {
    int hashes = metadata.metadata().hashes().size();
    if (hashes != config.nShards()) {
      throw new InvalidSizeException(
          "metadata of " + metadata.blobId() + " have " + hashes + " sliver pair hashes, the config has "
              + config.nShards() + " shards");
    }
  }

  /** The symbol size of the blob. */
  public int symbolSize() {
    return symbolSize;
  }

  /** The metadata slivers are checked against. */
  public VerifiedBlobMetadata metadata() {
    return metadata;
  }

  /** The hash the metadata hold for sliver {@code index} of {@code type}. */
  public Node expectedHash(SliverType type, int index) {
    config.checkIndex(index);
    int pair = type == SliverType.PRIMARY ? index : config.secondarySliverIndex(index);
    return metadata.hash(pair, type);
  }

  /**
   * Checks {@code sliver}.
   *
   * @throws InvalidSizeException for a wrong symbol size, symbol count or index
   * @throws HashMismatchException if its Merkle root differs from the metadata's hash
   */
  public void verify(SliverData sliver) {
    Objects.requireNonNull(sliver, "sliver");
    expansion.checkShape(sliver, symbolSize);
    Node expected = expectedHash(sliver.type(), sliver.index());
    Node actual = expansion.root(sliver);
    if (!actual.equals(expected)) {
      throw mismatch(sliver, actual, expected);
    }
  }

  /** Checks that {@code sliver} has the expected type and index, then {@link #verify} it. */
  public void verify(SliverData sliver, SliverType type, int index) {
    if (sliver.type() != type || sliver.index() != index) {
      throw new WrongSliverException(
          "expected " + type.pathSegment() + " sliver " + index + ", got " + sliver);
    }
    verify(sliver);
  }

  /**
   * Verifies many slivers at once, expanding them in batches (much cheaper than one {@link
   * #verify} each).
   *
   * @return for each sliver, in order, the exception {@link #verify} would throw, or null if it
   *     verifies
   */
  public List<InvalidDataException> verifyAll(List<SliverData> slivers) {
    List<InvalidDataException> failures = new ArrayList<>(Collections.nCopies(slivers.size(), null));
    for (SliverType type : SliverType.values()) {
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < slivers.size(); i++) {
        SliverData s = Objects.requireNonNull(slivers.get(i), "sliver");
        if (s.type() != type) {
          continue;
        }
        try {
          expansion.checkShape(s, symbolSize);
          positions.add(i);
        } catch (InvalidDataException e) {
          failures.set(i, e);
        }
      }
      if (positions.isEmpty()) {
        continue;
      }
      Node[] roots =
          expansion.roots(type, symbolSize, positions.size(), (i, dst, off) -> slivers.get(positions.get(i)).copyTo(dst, off));
      for (int j = 0; j < positions.size(); j++) {
        SliverData s = slivers.get(positions.get(j));
        Node expected = expectedHash(type, s.index());
        if (!roots[j].equals(expected)) {
          failures.set(positions.get(j), mismatch(s, roots[j], expected));
        }
      }
    }
    return failures;
  }

  private HashMismatchException mismatch(SliverData sliver, Node actual, Node expected) {
    return new HashMismatchException(
        sliver + " of blob " + metadata.blobId() + " has Merkle root " + actual + ", the metadata say " + expected);
  }

  /** Whether {@code sliver} passes {@link #verify}. */
  public boolean isValid(SliverData sliver) {
    try {
      verify(sliver);
      return true;
    } catch (InvalidDataException e) {
      return false;
    }
  }
}
