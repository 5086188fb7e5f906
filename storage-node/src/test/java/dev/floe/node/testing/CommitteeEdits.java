package dev.floe.node.testing;

import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import java.util.ArrayList;
import java.util.List;

/** Committees derived from others, for tests that move shards between epochs. */
public final class CommitteeEdits {
  private CommitteeEdits() {}

  /** {@code committee} in the next epoch with {@code shard} moved from member {@code from} to {@code to}. */
  public static NodeCommittee moveShard(NodeCommittee committee, int shard, int from, int to) {
    List<CommitteeMember> members = new ArrayList<>();
    for (CommitteeMember m : committee.members()) {
      List<Integer> shards = new ArrayList<>(m.shards());
      if (m.index() == from) {
        shards.remove(Integer.valueOf(shard));
      } else if (m.index() == to) {
        shards.add(shard);
      }
      members.add(new CommitteeMember(m.index(), m.nodeId(), m.name(), m.networkAddress(), m.protocolAddress(), shards));
    }
    return new NodeCommittee(committee.epoch() + 1, committee.nShards(), members);
  }
}
