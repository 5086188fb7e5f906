/**
 * Committees of storage nodes and the Byzantine threshold arithmetic over their shard weights.
 */
package dev.floe.core.committee;
