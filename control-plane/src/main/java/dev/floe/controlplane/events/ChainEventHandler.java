package dev.floe.controlplane.events;

/**
 * Receives the events of a subscription, one at a time and in order, on the subscription's own
 * thread. An exception thrown here stops the subscription ({@link EventStream#done()} completes
 * with it); the handler may then resubscribe after the last event it processed.
 */
@FunctionalInterface
public interface ChainEventHandler {
  /** Handles one event. */
  void onEvent(ChainEvent event);
}
