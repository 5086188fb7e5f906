/**
 * The publisher/aggregator HTTP daemon ({@code floe daemon}): Walrus's daemon routes and response
 * shapes over Vert.x 5, configured by {@link dev.floe.client.daemon.DaemonConfig}, backed by the SDK
 * through {@link dev.floe.client.daemon.DaemonBackend}.
 */
package dev.floe.client.daemon;
