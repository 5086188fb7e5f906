/**
 * HTTP access to storage nodes (the Walrus storage-node REST API, routes from {@code
 * dev.floe.core.protocol}): {@link dev.floe.client.nodes.StorageNodeClient} per node over a shared
 * {@link dev.floe.client.nodes.NodeTransport}, and {@link dev.floe.client.nodes.NodeDirectory}, which
 * maps a blob's sliver pairs to the committee members that store them.
 */
package dev.floe.client.nodes;
