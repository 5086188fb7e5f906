package dev.floe.controlplane.events;

import java.util.concurrent.CompletableFuture;

/**
 * A running subscription to chain events. Delivers every event after its start cursor exactly once
 * and in order, waiting for the configured confirmation depth; survives transient RPC failures by
 * retrying. Thread-safe.
 */
public interface EventStream extends AutoCloseable {
  /** The ID of the last event delivered (or the start cursor / last scanned block end). */
  EventId position();

  /**
   * Completes normally after {@link #close()}, exceptionally when the handler threw, the chain
   * stayed unreachable or it reorganized deeper than the confirmation depth ({@link
   * dev.floe.controlplane.ChainReorganizedException}, with {@link #position()} left where it was).
   */
  CompletableFuture<Void> done();

  /** Stops delivering; an event being handled finishes first. */
  @Override
  void close();
}
