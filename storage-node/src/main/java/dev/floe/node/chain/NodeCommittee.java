package dev.floe.node.chain;

import dev.floe.core.committee.Bft;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The committee of an epoch as the node sees it: which member holds which shard and where to reach
 * it. Immutable.
 *
 * @param epoch the epoch this committee serves
 * @param nShards the number of shards of the system
 * @param members the members in committee order (member {@code i} has {@code index() == i})
 */
public record NodeCommittee(long epoch, int nShards, List<CommitteeMember> members) {
  public NodeCommittee {
    members = List.copyOf(members);
    int[] owner = new int[nShards];
    java.util.Arrays.fill(owner, -1);
    for (int i = 0; i < members.size(); i++) {
      CommitteeMember m = members.get(i);
      if (m.index() != i) {
        throw new IllegalArgumentException("member " + i + " has index " + m.index());
      }
      for (int s : m.shards()) {
        if (s < 0 || s >= nShards) {
          throw new IllegalArgumentException("shard " + s + " outside [0, " + nShards + ")");
        }
        if (owner[s] >= 0) {
          throw new IllegalArgumentException("shard " + s + " held by members " + owner[s] + " and " + i);
        }
        owner[s] = i;
      }
    }
  }

  /** The member holding {@code shard}, if any. */
  public Optional<CommitteeMember> ownerOfShard(int shard) {
    for (CommitteeMember m : members) {
      if (m.shards().contains(shard)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The member whose protocol key has {@code protocolAddress}. */
  public Optional<CommitteeMember> memberByProtocolAddress(byte[] protocolAddress) {
    return members.stream().filter(m -> m.hasProtocolAddress(protocolAddress)).findFirst();
  }

  /** Shards held by the member with this protocol address (empty if not a member). */
  public List<Integer> shardsOf(byte[] protocolAddress) {
    return memberByProtocolAddress(protocolAddress).map(CommitteeMember::shards).orElse(List.of());
  }

  /** Total weight (shards) of the given members. */
  public int weightOf(Collection<Integer> memberIndices) {
    int w = 0;
    for (int i : memberIndices) {
      w += members.get(i).weight();
    }
    return w;
  }

  /** True iff {@code weight} shards are a quorum (3w ≥ 2n+1). */
  public boolean isQuorum(int weight) {
    return Bft.isQuorum(weight, nShards);
  }

  /** True iff {@code weight} shards include a correct one (3w ≥ n+1). */
  public boolean isValidity(int weight) {
    return Bft.isValidity(weight, nShards);
  }

  /** Members other than the one with {@code protocolAddress}, in committee order. */
  public List<CommitteeMember> peersOf(byte[] protocolAddress) {
    List<CommitteeMember> out = new ArrayList<>();
    for (CommitteeMember m : members) {
      if (!m.hasProtocolAddress(protocolAddress)) {
        out.add(m);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeCommittee c && epoch == c.epoch && nShards == c.nShards && members.equals(c.members);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, nShards, members);
  }
}
