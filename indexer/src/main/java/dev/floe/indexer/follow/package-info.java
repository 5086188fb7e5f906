/** Following the chain: pages of events applied with their cursor and block hash, reorganization halts. */
package dev.floe.indexer.follow;
