/**
 * Shard migration (walrus-protocol.md §5.5): a node that gains a shard at an epoch change pulls the
 * shard's slivers of already certified blobs from the shard's previous owner over {@code POST
 * /v1/migrate/sync_shard}, verifies and stores them batch by batch with its progress, recovers from
 * all peers whatever the owner did not deliver, and then reports the epoch sync done on-chain.
 */
package dev.floe.node.migration;
