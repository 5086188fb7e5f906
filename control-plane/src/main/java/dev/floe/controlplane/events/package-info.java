/**
 * The typed, ordered stream of control-plane events: the sealed {@link
 * dev.floe.controlplane.events.ChainEvent} hierarchy, {@link dev.floe.controlplane.events.EventId}
 * cursors and subscriptions with a confirmation depth.
 */
package dev.floe.controlplane.events;
