package dev.floe.client;

import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The nodes a read of one blob asks, in order. Outside an epoch change that is the current
 * committee. While a change to epoch e is in progress (phase {@link EpochPhase#EPOCH_CHANGE_SYNC}),
 * the nodes that gained shards may not hold their slivers yet, while the nodes that lost them keep
 * them (read-only) until the change is done; so a read asks both committees of e-1 and e for each
 * shard: first the previous owner for a blob certified before e (as Walrus reads from the committee
 * of the certification epoch, walrus-protocol.md §5.5), first the new owner for a blob certified in
 * e, and the other owner when the first one fails. A read therefore succeeds whenever, for each
 * sliver it needs, one of the two owners serves it, and it still tolerates f faulty shards. Immutable
 * and thread-safe.
 */
final class ReadCommittee {
  private final NodeDirectory first;
  private final Optional<NodeDirectory> second;

  private ReadCommittee(NodeDirectory first, Optional<NodeDirectory> second) {
    if (second.isPresent() && second.get().config().nShards() != first.config().nShards()) {
      throw new IllegalStateException("the committees of epochs " + first.epoch() + " and " + second.get().epoch()
          + " have different shard counts");
    }
    this.first = first;
    this.second = second;
  }

  /** Reads from {@code committee} alone. */
  static ReadCommittee of(NodeDirectory committee) {
    return new ReadCommittee(committee, Optional.empty());
  }

  /**
   * Reads during an epoch change: each shard's owner in {@code first}, then its owner in {@code
   * second} when that is another node.
   */
  static ReadCommittee during(NodeDirectory first, NodeDirectory second) {
    return new ReadCommittee(first, Optional.of(second));
  }

  /**
   * Whether a read must also ask the previous committee: an epoch change to the current epoch is in
   * progress and the current epoch has a predecessor with a committee (epoch 1's predecessor, the
   * genesis epoch, has none).
   */
  static boolean duringChange(EpochState state) {
    return state.phase() == EpochPhase.EPOCH_CHANGE_SYNC && state.epoch() >= 2;
  }

  /**
   * Whether, during a change to {@code currentEpoch}, the previous committee is asked first: true
   * for a blob first certified before the current epoch (and when the chain gives no certification
   * epoch, since the previous owners then are the likelier holders).
   */
  static boolean previousFirst(int currentEpoch, OptionalInt certifiedEpoch) {
    return certifiedEpoch.isEmpty() || certifiedEpoch.getAsInt() < currentEpoch;
  }

  /** The encoding configuration (the shard count does not change between epochs). */
  EncodingConfig config() {
    return first.config();
  }

  /** The epochs asked, in order, for messages (e.g. "epoch 4" or "epochs 3 then 4"). */
  String describe() {
    return second.map(s -> "the committees of epochs " + first.epoch() + " then " + s.epoch())
        .orElse("the committee of epoch " + first.epoch());
  }

  /**
   * Every distinct node of the committees: the first committee's members in random order, then the
   * second's other members in random order (for metadata, which any node may serve).
   */
  List<Member> members() {
    List<Member> ordered = shuffled(first.members());
    if (second.isPresent()) {
      Set<Address> seen = new HashSet<>();
      ordered.forEach(m -> seen.add(m.info().nodeId()));
      List<Member> others = new ArrayList<>();
      for (Member m : second.get().members()) {
        if (seen.add(m.info().nodeId())) {
          others.add(m);
        }
      }
      ordered.addAll(shuffled(others));
    }
    return ordered;
  }

  /** The nodes holding sliver pair {@code pairIndex} of {@code blobId}, in the order to ask them (one or two). */
  List<Member> ownersOfPair(BlobId blobId, int pairIndex) {
    Member a = first.ownerOfPair(blobId, pairIndex);
    if (second.isEmpty()) {
      return List.of(a);
    }
    Member b = second.get().ownerOfPair(blobId, pairIndex);
    return a.info().nodeId().equals(b.info().nodeId()) ? List.of(a) : List.of(a, b);
  }

  private static List<Member> shuffled(List<Member> members) {
    List<Member> copy = new ArrayList<>(members);
    Collections.shuffle(copy, ThreadLocalRandom.current());
    return copy;
  }
}
