package dev.floe.node.service;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.chain.NodeCommittee;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's cached view of the current epoch and committee, and therefore of the shards it owns.
 * Refreshed from the chain at start-up, on epoch events and periodically. Thread-safe.
 */
public final class ChainState {
  private static final Logger LOG = LoggerFactory.getLogger(ChainState.class);

  /**
   * An immutable snapshot.
   *
   * @param committee the committee of the current epoch
   * @param config the encoding parameters for the committee's shard count
   * @param ownedShards shards this node holds in the current epoch
   */
  public record Snapshot(NodeCommittee committee, EncodingConfig config, Set<Integer> ownedShards) {
    public Snapshot {
      ownedShards = Set.copyOf(ownedShards);
    }

    /** The current epoch. */
    public long epoch() {
      return committee.epoch();
    }

    /** Number of shards. */
    public int nShards() {
      return config.nShards();
    }

    /** The shard that stores sliver pair {@code pairIndex} of {@code blobId}. */
    public int shardOf(BlobId blobId, int pairIndex) {
      return config.shardForPair(pairIndex, blobId.rotationOffset(config.nShards()));
    }

    /** True iff this node owns the shard of the blob's sliver pair. */
    public boolean ownsPair(BlobId blobId, int pairIndex) {
      return ownedShards.contains(shardOf(blobId, pairIndex));
    }

    /** The sliver pairs of {@code blobId} this node must store, ascending. */
    public List<Integer> ownedPairs(BlobId blobId) {
      int offset = blobId.rotationOffset(config.nShards());
      List<Integer> pairs = new ArrayList<>();
      for (int s : ownedShards) {
        pairs.add(config.pairForShard(s, offset));
      }
      pairs.sort(null);
      return pairs;
    }
  }

  private final String logName;
  private final NodeChain chain;
  private final byte[] selfAddress;
  private volatile Snapshot snapshot;
  /** The previous epoch's committee, read once per current epoch (empty: none or not read yet). */
  private volatile Optional<NodeCommittee> previous = Optional.empty();

  /** Reads the current committee from {@code chain} at once. */
  public ChainState(String logName, NodeChain chain, byte[] selfProtocolAddress) {
    this.logName = logName;
    this.chain = chain;
    this.selfAddress = selfProtocolAddress.clone();
    refresh();
  }

  /** The latest snapshot. */
  public Snapshot current() {
    return snapshot;
  }

  /** Re-reads the committee from the chain; returns the new snapshot. */
  public synchronized Snapshot refresh() {
    NodeCommittee committee = chain.currentCommittee();
    Snapshot old = snapshot;
    Snapshot next = new Snapshot(committee, new EncodingConfig(committee.nShards()),
        new TreeSet<>(committee.shardsOf(selfAddress)));
    if (old == null || old.epoch() != next.epoch() || !old.ownedShards().equals(next.ownedShards())) {
      LOG.info("{}: epoch {}, {} members, owns {} of {} shards", logName, next.epoch(),
          committee.members().size(), next.ownedShards().size(), committee.nShards());
    }
    snapshot = next;
    return next;
  }

  /**
   * The committee of the epoch before the current one (who held each shard before the last epoch
   * change), read from the chain once per epoch and cached. Blocking on the first call of an epoch.
   * Empty when there is no previous committee.
   */
  public Optional<NodeCommittee> previousCommittee() {
    long epoch = snapshot.epoch();
    Optional<NodeCommittee> cached = previous;
    if (cached.isPresent() && cached.get().epoch() == epoch - 1) {
      return cached;
    }
    Optional<NodeCommittee> read = chain.previousCommittee();
    if (read.isPresent() && read.get().epoch() != epoch - 1) {
      // the chain moved on between the two reads: refresh and read again once
      epoch = refresh().epoch();
      read = chain.previousCommittee();
      if (read.isPresent() && read.get().epoch() != epoch - 1) {
        return Optional.empty();
      }
    }
    previous = read;
    return read;
  }

  /** The node's protocol address. */
  public byte[] selfAddress() {
    return selfAddress.clone();
  }
}
