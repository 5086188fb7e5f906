/** The indexer's database: schema, the event-to-row applier and the read views. */
package dev.floe.indexer.store;
