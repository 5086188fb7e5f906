package dev.floe.core.encoding;

/**
 * Receives the slivers of a blob while {@link RedStuffEncoder} produces them, so that a large blob
 * can be written out (to disk, to storage nodes) without holding every sliver in memory.
 *
 * <p>Calls are never concurrent (the encoder serialises them), but their order is unspecified:
 * systematic primary slivers come first, then secondary slivers, then the remaining primary
 * slivers. Each sliver arrives exactly once. The {@link SliverView} is valid only during the call;
 * copy what must be kept ({@link SliverView#toSliverData()}). An exception thrown by the sink
 * aborts the encoding and is rethrown to the caller.
 */
@FunctionalInterface
public interface SliverSink {
  /** Consumes one sliver. */
  void accept(SliverView sliver);

  /** A sink that drops everything. */
  static SliverSink discard() {
    return sliver -> {};
  }
}
