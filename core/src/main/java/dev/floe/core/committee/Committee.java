package dev.floe.core.committee;

import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The storage committee of one epoch: members in a fixed order (certificates refer to positions)
 * that together hold every shard exactly once. Weights count shards; thresholds follow {@link Bft}.
 * Immutable and thread-safe.
 */
public final class Committee {
  private final long epoch;
  private final List<CommitteeMember> members;
  private final int nShards;
  private final int[] ownerOfShard;

  /**
   * @param epoch the epoch (u32)
   * @param members the members, where member i has index i
   * @throws InvalidSizeException if indices are not 0..m-1 in order, a shard is held twice, or the
   *     shards are not exactly 0..n-1
   */
  public Committee(long epoch, List<CommitteeMember> members) {
    if (epoch < 0 || epoch > 0xFFFF_FFFFL) {
      throw new InvalidSizeException("epoch must be a u32, got " + epoch);
    }
    this.members = List.copyOf(members);
    if (this.members.isEmpty()) {
      throw new InvalidSizeException("a committee needs at least one member");
    }
    int total = 0;
    for (int i = 0; i < this.members.size(); i++) {
      CommitteeMember m = this.members.get(i);
      if (m.index() != i) {
        throw new InvalidSizeException("member at position " + i + " has index " + m.index());
      }
      total += m.weight();
    }
    if (total < 1 || total > 0xFFFF) {
      throw new InvalidSizeException("a committee holds 1 to 65535 shards, got " + total);
    }
    int[] owner = new int[total];
    Arrays.fill(owner, -1);
    for (CommitteeMember m : this.members) {
      for (int s : m.shards()) {
        if (s >= total) {
          throw new InvalidSizeException(
              "member " + m.index() + " holds shard " + s + " but the committee has only " + total + " shards");
        }
        if (owner[s] >= 0) {
          throw new InvalidSizeException("shard " + s + " is held by members " + owner[s] + " and " + m.index());
        }
        owner[s] = m.index();
      }
    }
    this.epoch = epoch;
    this.nShards = total;
    this.ownerOfShard = owner;
  }

  /** The epoch of this committee. */
  public long epoch() {
    return epoch;
  }

  /** The members in index order. */
  public List<CommitteeMember> members() {
    return members;
  }

  /** Number of members. */
  public int size() {
    return members.size();
  }

  /** Member {@code index}. */
  public CommitteeMember member(int index) {
    checkMember(index);
    return members.get(index);
  }

  /** Total number of shards n. */
  public int nShards() {
    return nShards;
  }

  /** Weight (shard count) of member {@code index}. */
  public int weightOf(int index) {
    return member(index).weight();
  }

  /** Summed weight of distinct members. */
  public long weightOf(Collection<Integer> memberIndices) {
    long w = 0;
    for (int i : memberIndices.stream().distinct().toList()) {
      w += weightOf(i);
    }
    return w;
  }

  /** The member holding {@code shard}. */
  public CommitteeMember ownerOfShard(int shard) {
    if (shard < 0 || shard >= nShards) {
      throw new InvalidSizeException("shard " + shard + " is outside [0, " + nShards + ")");
    }
    return members.get(ownerOfShard[shard]);
  }

  /** Members holding at least one shard. */
  public List<CommitteeMember> membersWithShards() {
    return members.stream().filter(m -> m.weight() > 0).toList();
  }

  /** Whether {@code weight} shards are a quorum (more than 2f). */
  public boolean isQuorum(long weight) {
    return Bft.isQuorum(weight, nShards);
  }

  /** Whether {@code weight} shards contain at least one honest shard (more than f). */
  public boolean isValidity(long weight) {
    return Bft.isValidity(weight, nShards);
  }

  /** Rejects an index outside [0, size). */
  public void checkMember(int index) {
    if (index < 0 || index >= members.size()) {
      throw new InvalidSizeException("member index " + index + " is outside [0, " + members.size() + ")");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Committee other && epoch == other.epoch && members.equals(other.members);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, members);
  }

  @Override
  public String toString() {
    return "Committee[epoch=" + epoch + ", " + members.size() + " members, " + nShards + " shards]";
  }
}
