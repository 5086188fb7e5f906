/**
 * The Floe storage node: {@link dev.floe.node.StorageNode} wires the REST API, the RocksDB store,
 * chain event processing, sliver recovery, keys and metrics from one {@link
 * dev.floe.node.StorageNodeConfig}.
 */
package dev.floe.node;
