/**
 * Persistent node state in RocksDB ({@link dev.floe.node.store.RocksSliverStore}): column families
 * for metadata, primary slivers, secondary slivers, blob info, shard status and the event cursor,
 * with Caffeine caches for hot metadata and slivers. Acknowledged writes use a synced WAL; event
 * effects and the cursor are written in one atomic batch.
 */
package dev.floe.node.store;
