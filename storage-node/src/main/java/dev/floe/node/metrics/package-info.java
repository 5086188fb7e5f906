/**
 * Prometheus metrics of the node (micrometer), served on a separate admin port by {@link
 * dev.floe.node.metrics.MetricsServer}.
 */
package dev.floe.node.metrics;
