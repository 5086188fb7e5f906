package dev.floe.node.store;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the pull of a shard in {@link ShardState#ACTIVE_SYNC} resumes: the sliver type being
 * pulled (primary first, then secondary) and the first blob ID not yet covered. Persisted with the
 * shard's state and with every batch of pulled slivers, so a restarted node continues where it
 * stopped.
 *
 * @param type the sliver type being pulled
 * @param next the first blob ID of the next request (inclusive)
 */
public record SyncProgress(SliverType type, BlobId next) {
  /** Where every pull starts: primary slivers from the lowest blob ID. */
  public static final SyncProgress START = new SyncProgress(SliverType.PRIMARY, BlobId.of(new byte[BlobId.LENGTH]));

  public SyncProgress {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(next, "next");
  }

  /**
   * The progress after {@code last} was covered: the next blob ID in order, or empty when {@code
   * last} is the largest blob ID (nothing can follow).
   */
  public static Optional<SyncProgress> after(SliverType type, BlobId last) {
    byte[] b = last.toBytes();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xFF) {
        b[i]++;
        return Optional.of(new SyncProgress(type, BlobId.of(b)));
      }
      b[i] = 0;
    }
    return Optional.empty();
  }

  /** The persisted text: {@code <type>:<hex blob id>}. */
  String encode() {
    return type.name() + ":" + next.toHex();
  }

  static SyncProgress decode(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new StoreException("corrupt shard sync progress '" + text + "'");
    }
    try {
      return new SyncProgress(SliverType.valueOf(text.substring(0, colon)),
          BlobId.of(HexFormat.of().parseHex(text.substring(colon + 1))));
    } catch (RuntimeException e) {
      throw new StoreException("corrupt shard sync progress '" + text + "': " + e.getMessage(), e);
    }
  }
}
