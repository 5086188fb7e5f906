/**
 * Following the chain: pages of events applied with their cursor and block hash and the timestamps
 * of their blocks ({@link dev.floe.indexer.follow.BlockTimes}), reorganization halts.
 */
package dev.floe.indexer.follow;
