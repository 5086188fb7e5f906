package dev.floe.indexer.store;

import java.util.List;

/**
 * The indexer's tables, in SQL that SQLite (3.24+) and PostgreSQL both accept: integers for
 * booleans, text for hex IDs and token amounts, {@code ON CONFLICT} upserts. Everything is derived
 * from chain events, so a database can always be dropped and rebuilt from the chain.
 */
final class Schema {
  private Schema() {}

  /**
   * Bumped when a table changes shape. An older database is migrated in place when it is opened
   * ({@link Migrations}); a newer one is refused.
   */
  static final int VERSION = 2;

  static final List<String> TABLES = List.of(
      """
      CREATE TABLE IF NOT EXISTS indexer_meta (
        id INTEGER PRIMARY KEY,
        schema_version INTEGER NOT NULL,
        chain_id BIGINT NOT NULL,
        system_contract TEXT NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS indexer_cursor (
        id INTEGER PRIMARY KEY,
        block_number BIGINT NOT NULL,
        log_index BIGINT NOT NULL,
        block_hash TEXT,
        events_indexed BIGINT NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS events (
        block_number BIGINT NOT NULL,
        log_index INTEGER NOT NULL,
        kind TEXT NOT NULL,
        epoch INTEGER,
        blob_id TEXT,
        object_id TEXT,
        node_id TEXT,
        block_time BIGINT,
        PRIMARY KEY (block_number, log_index))""",
      """
      CREATE TABLE IF NOT EXISTS blob_objects (
        object_id TEXT PRIMARY KEY,
        blob_id TEXT NOT NULL,
        size BIGINT NOT NULL,
        encoding_type INTEGER NOT NULL,
        registered_epoch INTEGER NOT NULL,
        end_epoch INTEGER NOT NULL,
        deletable INTEGER NOT NULL,
        certified_epoch INTEGER,
        deleted INTEGER NOT NULL,
        registered_block BIGINT NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS blob_objects_by_blob ON blob_objects (blob_id)",
      """
      CREATE TABLE IF NOT EXISTS invalid_blobs (
        blob_id TEXT PRIMARY KEY,
        epoch INTEGER NOT NULL,
        block_number BIGINT NOT NULL,
        log_index INTEGER NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS epochs (
        epoch INTEGER PRIMARY KEY,
        params_selected_block BIGINT,
        change_started_block BIGINT,
        change_done_block BIGINT)""",
      """
      CREATE TABLE IF NOT EXISTS nodes (
        node_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        network_address TEXT NOT NULL,
        protocol_key_address TEXT NOT NULL,
        registered_epoch INTEGER NOT NULL,
        updated_epoch INTEGER)""",
      """
      CREATE TABLE IF NOT EXISTS shard_syncs (
        epoch INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        shards TEXT NOT NULL,
        PRIMARY KEY (epoch, node_id))""",
      """
      CREATE TABLE IF NOT EXISTS stakes (
        stake_id TEXT PRIMARY KEY,
        node_id TEXT NOT NULL,
        owner TEXT NOT NULL,
        amount TEXT NOT NULL,
        activation_epoch INTEGER NOT NULL,
        withdraw_epoch INTEGER,
        withdrawn INTEGER NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS challenge_failures (
        epoch INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        block_number BIGINT NOT NULL,
        PRIMARY KEY (epoch, node_id))""");

  /**
   * Indexes created after the tables are migrated (they may name columns an older database gets
   * only from its migration). {@code events.block_time} is the Unix time in seconds of the event's
   * block, null until known.
   */
  static final List<String> INDEXES = List.of(
      "CREATE INDEX IF NOT EXISTS events_by_time ON events (block_time)",
      "CREATE INDEX IF NOT EXISTS events_by_kind_blob ON events (kind, blob_id)",
      "CREATE INDEX IF NOT EXISTS stakes_by_node ON stakes (node_id)");
}
