package dev.floe.client.nodes;

import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage nodes of one epoch's committee and which sliver pairs of a blob each one stores: pair p
 * of a blob lives on shard {@code (p + rotation) mod n}, where the rotation comes from the blob ID
 * (walrus-protocol.md §2.3). Immutable and thread-safe.
 */
public final class NodeDirectory {
  private final CommitteeInfo committee;
  private final EncodingConfig config;
  private final List<Member> members;
  private final Member[] ownerByShard;

  /** A directory of {@code committee}'s members, each reached through {@code transport}. */
  public NodeDirectory(CommitteeInfo committee, NodeTransport transport) {
    if (committee.isEmpty()) {
      throw new IllegalStateException(
          "epoch " + committee.epoch() + " has no committee yet (no storage nodes are active)");
    }
    this.committee = committee;
    this.config = new EncodingConfig(committee.nShards());
    this.ownerByShard = new Member[committee.nShards()];
    List<Member> list = new ArrayList<>();
    for (CommitteeMemberInfo info : committee.members()) {
      String name = info.name() == null || info.name().isBlank() ? info.nodeId().toHex() : info.name();
      Member member = new Member(info, new StorageNodeClient(name, info.networkAddress(), transport));
      list.add(member);
      for (int shard : info.shards()) {
        config.checkIndex(shard);
        if (ownerByShard[shard] != null) {
          throw new IllegalStateException("shard " + shard + " has two owners in epoch " + committee.epoch());
        }
        ownerByShard[shard] = member;
      }
    }
    for (int s = 0; s < ownerByShard.length; s++) {
      if (ownerByShard[s] == null) {
        throw new IllegalStateException("shard " + s + " has no owner in epoch " + committee.epoch());
      }
    }
    this.members = List.copyOf(list);
  }

  /** The committee's epoch. */
  public int epoch() {
    return committee.epoch();
  }

  /** The committee. */
  public CommitteeInfo committee() {
    return committee;
  }

  /** The encoding configuration for the committee's shard count. */
  public EncodingConfig config() {
    return config;
  }

  /** The members in committee order. */
  public List<Member> members() {
    return members;
  }

  /** The member that owns {@code shard}. */
  public Member ownerOfShard(int shard) {
    config.checkIndex(shard);
    return ownerByShard[shard];
  }

  /** The member that stores sliver pair {@code pairIndex} of {@code blobId}. */
  public Member ownerOfPair(BlobId blobId, int pairIndex) {
    return ownerByShard[config.shardForPair(pairIndex, blobId.rotationOffset(config.nShards()))];
  }

  /** The sliver pairs of {@code blobId} that {@code member} stores, ascending by shard. */
  public List<Integer> pairsOf(Member member, BlobId blobId) {
    int rotation = blobId.rotationOffset(config.nShards());
    List<Integer> pairs = new ArrayList<>(member.weight());
    for (int shard : member.info().shards()) {
      pairs.add(config.pairForShard(shard, rotation));
    }
    return pairs;
  }

  /**
   * A committee member and its client.
   *
   * @param info the on-chain member record (index, shards, protocol key address)
   * @param client the HTTP client of its node
   */
  public record Member(CommitteeMemberInfo info, StorageNodeClient client) {
    /** The node's name. */
    public String name() {
      return client.name();
    }

    /**
     * A label no other node has: its name (chosen by its operator, so another node may register the
     * same one) followed by its node ID. Use it wherever nodes are told apart, e.g. to remember which
     * one served bad data.
     */
    public String uniqueLabel() {
      String id = info.nodeId().toHex();
      return name().equals(id) ? id : name() + " (" + id + ")";
    }

    /** Its weight: the number of shards it holds. */
    public int weight() {
      return info.weight();
    }

    /** Its position in the committee (its signer bit). */
    public int index() {
      return info.index();
    }
  }
}
