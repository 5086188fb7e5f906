/** The indexer's JSON query API over Vert.x. */
package dev.floe.indexer.http;
