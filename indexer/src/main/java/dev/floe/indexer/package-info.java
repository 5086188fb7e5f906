/** The indexer: follows the control plane's events into SQL views (SQLite by default, PostgreSQL by JDBC URL), serves a read-only query API and keeps epochs moving ({@link dev.floe.indexer.IndexerService}). */
package dev.floe.indexer;
