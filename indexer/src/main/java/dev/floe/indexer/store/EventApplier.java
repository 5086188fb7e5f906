package dev.floe.indexer.store;

import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobDeleted;
import dev.floe.controlplane.events.BlobIdInvalidated;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EpochChangeDone;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.controlplane.events.EpochParametersSelected;
import dev.floe.controlplane.events.NodeRegistered;
import dev.floe.controlplane.events.NodeUpdated;
import dev.floe.controlplane.events.PricesUpdated;
import dev.floe.controlplane.events.ShardsReceived;
import dev.floe.controlplane.events.StakeDeposited;
import dev.floe.controlplane.events.StakeSlashed;
import dev.floe.controlplane.events.StakeWithdrawalRequested;
import dev.floe.controlplane.events.StakeWithdrawn;
import dev.floe.controlplane.events.StorageChallengeFailed;
import dev.floe.controlplane.events.StorageReserved;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Turns one chain event into row changes, inside the caller's transaction. Every event is also
 * appended to the {@code events} table. The switch is exhaustive: a new event type does not compile
 * until it is indexed.
 */
final class EventApplier {
  private EventApplier() {}

  static void apply(Connection c, ChainEvent event) throws SQLException {
    switch (event) {
      case BlobRegistered e -> {
        update(c, "INSERT INTO blob_objects (object_id, blob_id, size, encoding_type, registered_epoch, end_epoch, "
                + "deletable, certified_epoch, deleted, registered_block) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, ?) "
                + "ON CONFLICT (object_id) DO NOTHING",
            e.objectId().toHex(), e.blobId().toString(), e.size(), e.encodingType().code(), e.epoch(), e.endEpoch(),
            e.deletable() ? 1 : 0, e.id().blockNumber());
        log(c, e, "BlobRegistered", e.epoch(), e.blobId().toString(), e.objectId().toHex(), null);
      }
      case BlobCertified e -> {
        if (e.isExtension()) {
          update(c, "UPDATE blob_objects SET end_epoch = ? WHERE object_id = ?", e.endEpoch(), e.objectId().toHex());
        } else {
          update(c, "UPDATE blob_objects SET certified_epoch = ?, end_epoch = ? WHERE object_id = ?",
              e.epoch(), e.endEpoch(), e.objectId().toHex());
        }
        log(c, e, e.isExtension() ? "BlobExtended" : "BlobCertified", e.epoch(), e.blobId().toString(),
            e.objectId().toHex(), null);
      }
      case BlobDeleted e -> {
        update(c, "UPDATE blob_objects SET deleted = 1 WHERE object_id = ?", e.objectId().toHex());
        log(c, e, "BlobDeleted", e.epoch(), e.blobId().toString(), e.objectId().toHex(), null);
      }
      case BlobIdInvalidated e -> {
        update(c, "INSERT INTO invalid_blobs (blob_id, epoch, block_number, log_index) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (blob_id) DO NOTHING",
            e.blobId().toString(), e.epoch(), e.id().blockNumber(), e.id().logIndex());
        log(c, e, "BlobIdInvalidated", e.epoch(), e.blobId().toString(), null, null);
      }
      case EpochParametersSelected e -> {
        epochColumn(c, e.nextEpoch(), "params_selected_block", e.id().blockNumber());
        log(c, e, "EpochParametersSelected", e.nextEpoch(), null, null, null);
      }
      case EpochChangeStarted e -> {
        epochColumn(c, e.epoch(), "change_started_block", e.id().blockNumber());
        log(c, e, "EpochChangeStarted", e.epoch(), null, null, null);
      }
      case EpochChangeDone e -> {
        epochColumn(c, e.epoch(), "change_done_block", e.id().blockNumber());
        log(c, e, "EpochChangeDone", e.epoch(), null, null, null);
      }
      case ShardsReceived e -> {
        update(c, "INSERT INTO shard_syncs (epoch, node_id, shards) VALUES (?, ?, ?) "
                + "ON CONFLICT (epoch, node_id) DO UPDATE SET shards = excluded.shards",
            e.epoch(), e.nodeId().toHex(), IndexStore.formatShards(e.shards()));
        log(c, e, "ShardsReceived", e.epoch(), null, null, e.nodeId().toHex());
      }
      case NodeRegistered e -> {
        update(c, "INSERT INTO nodes (node_id, name, network_address, protocol_key_address, registered_epoch, "
                + "updated_epoch) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (node_id) DO UPDATE SET name = excluded.name, "
                + "network_address = excluded.network_address, protocol_key_address = excluded.protocol_key_address",
            e.nodeId().toHex(), e.name(), e.networkAddress(), e.protocolKeyAddress().toHex(), e.epoch());
        log(c, e, "NodeRegistered", e.epoch(), null, null, e.nodeId().toHex());
      }
      case NodeUpdated e -> {
        // the event names no values: the follower reads them from the chain (IndexStore#apply's nodeDetails)
        update(c, "UPDATE nodes SET updated_epoch = ? WHERE node_id = ?", e.epoch(), e.nodeId().toHex());
        log(c, e, "NodeUpdated", e.epoch(), null, null, e.nodeId().toHex());
      }
      case StakeDeposited e -> {
        update(c, "INSERT INTO stakes (stake_id, node_id, owner, amount, activation_epoch, withdraw_epoch, withdrawn) "
                + "VALUES (?, ?, ?, ?, ?, NULL, 0) ON CONFLICT (stake_id) DO NOTHING",
            e.stakeId().toHex(), e.nodeId().toHex(), e.owner().toHex(), e.amount().units().toString(),
            e.activationEpoch());
        log(c, e, "StakeDeposited", e.activationEpoch(), null, e.stakeId().toHex(), e.nodeId().toHex());
      }
      case StakeWithdrawalRequested e -> {
        update(c, "UPDATE stakes SET withdraw_epoch = ? WHERE stake_id = ?", e.withdrawEpoch(), e.stakeId().toHex());
        log(c, e, "StakeWithdrawalRequested", e.withdrawEpoch(), null, e.stakeId().toHex(), e.nodeId().toHex());
      }
      case StakeWithdrawn e -> {
        update(c, "UPDATE stakes SET withdrawn = 1 WHERE stake_id = ?", e.stakeId().toHex());
        log(c, e, "StakeWithdrawn", null, null, e.stakeId().toHex(), e.nodeId().toHex());
      }
      case PricesUpdated e -> log(c, e, "PricesUpdated", e.epoch(), null, null, null);
      case StorageReserved e -> log(c, e, "StorageReserved", e.startEpoch(), null, e.storageId().toHex(), null);
      case StorageChallengeFailed e -> {
        update(c, "INSERT INTO challenge_failures (epoch, node_id, block_number) VALUES (?, ?, ?) "
                + "ON CONFLICT (epoch, node_id) DO NOTHING",
            e.epoch(), e.nodeId().toHex(), e.id().blockNumber());
        log(c, e, "StorageChallengeFailed", e.epoch(), null, null, e.nodeId().toHex());
      }
      // positions lose value lazily on-chain (the stakes table keeps the amounts staked): log only
      case StakeSlashed e -> log(c, e, "StakeSlashed", e.epoch(), null, null, e.nodeId().toHex());
    }
  }

  /** Records the current details of node {@code nodeId} (0x-hex), read from the chain after it changed them. */
  static void updateNode(Connection c, String nodeId, NodeDetails details) throws SQLException {
    update(c, "UPDATE nodes SET name = ?, network_address = ?, protocol_key_address = ? WHERE node_id = ?",
        details.name(), details.networkAddress(), details.protocolKeyAddress().toLowerCase(), nodeId.toLowerCase());
  }

  private static void epochColumn(Connection c, int epoch, String column, long block) throws SQLException {
    update(c, "INSERT INTO epochs (epoch, " + column + ") VALUES (?, ?) ON CONFLICT (epoch) DO UPDATE SET "
        + column + " = excluded." + column, epoch, block);
  }

  private static void log(Connection c, ChainEvent e, String kind, Integer epoch, String blobId, String objectId,
      String nodeId) throws SQLException {
    update(c, "INSERT INTO events (block_number, log_index, kind, epoch, blob_id, object_id, node_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (block_number, log_index) DO NOTHING",
        e.id().blockNumber(), e.id().logIndex(), kind, epoch, blobId, objectId, nodeId);
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        switch (a) {
          case null -> st.setNull(i + 1, Types.NULL);
          case Integer v -> st.setInt(i + 1, v);
          case Long v -> st.setLong(i + 1, v);
          case String v -> st.setString(i + 1, v);
          default -> throw new IllegalArgumentException("unsupported SQL argument " + a.getClass());
        }
      }
      st.executeUpdate();
    }
  }
}
