package dev.floe.controlplane;

import dev.floe.core.committee.Committee;
import dev.floe.core.committee.CommitteeMember;
import java.util.List;
import java.util.Optional;

/**
 * The committee of one epoch: its members in committee order and the shards each holds. Every
 * shard in [0, nShards) is held by exactly one member.
 *
 * @param epoch the epoch this committee serves
 * @param nShards the number of shards n of the system
 * @param members the members, in committee order
 */
public record CommitteeInfo(int epoch, int nShards, List<CommitteeMemberInfo> members) {
  public CommitteeInfo {
    members = List.copyOf(members);
  }

  /**
   * The core committee (for certificate checks and shard lookups).
   *
   * @throws IllegalStateException for an empty committee
   */
  public Committee toCommittee() {
    if (members.isEmpty()) {
      throw new IllegalStateException("epoch " + epoch + " has no committee");
    }
    return new Committee(
        epoch,
        members.stream()
            .map(m -> new CommitteeMember(m.index(), m.nodeId().toBytes(), m.protocolKeyAddress().toBytes(), m.shards()))
            .toList());
  }

  /** Whether the committee has no members (epoch 0, before the first committee). */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** The member holding {@code shard}. */
  public CommitteeMemberInfo ownerOfShard(int shard) {
    for (CommitteeMemberInfo m : members) {
      if (m.shards().contains(shard)) {
        return m;
      }
    }
    throw new IllegalArgumentException("shard " + shard + " has no owner in epoch " + epoch);
  }

  /** The member with node ID {@code nodeId}, if it is in this committee. */
  public Optional<CommitteeMemberInfo> member(Address nodeId) {
    return members.stream().filter(m -> m.nodeId().equals(nodeId)).findFirst();
  }

  /** Shards held by the given node (empty when it is not a member). */
  public List<Integer> shardsOf(Address nodeId) {
    return member(nodeId).map(CommitteeMemberInfo::shards).orElse(List.of());
  }
}
