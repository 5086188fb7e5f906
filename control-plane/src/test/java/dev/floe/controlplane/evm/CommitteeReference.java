package dev.floe.controlplane.evm;

import dev.floe.controlplane.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately naive model of committee selection to check the contract against:
 * seats handed out one at a time by D'Hondt (highest stake/(seats+1) below the cap, ties to the
 * earlier node), then shards kept by their previous holders where possible.
 */
final class CommitteeReference {
  private CommitteeReference() {}

  /** The per-node cap of walrus-protocol.md §4.5. */
  static int cap(int nShards, int nodes) {
    int cap = nodes >= 20 ? nShards / 10 : (int) Math.ceil(nShards * 20.0 / (nodes * 10.0));
    return Math.max(cap, 1);
  }

  /** Seats per node, one seat at a time. */
  static int[] dHondt(long[] stakes, int nShards) {
    int cap = cap(nShards, stakes.length);
    int[] seats = new int[stakes.length];
    for (int seat = 0; seat < nShards; seat++) {
      int best = -1;
      for (int i = 0; i < stakes.length; i++) {
        if (seats[i] >= cap) {
          continue;
        }
        // stakes[i]/(seats[i]+1) > stakes[best]/(seats[best]+1), exactly; ties keep the earlier node
        if (best < 0 || java.math.BigInteger.valueOf(stakes[i]).multiply(java.math.BigInteger.valueOf(seats[best] + 1))
            .compareTo(java.math.BigInteger.valueOf(stakes[best]).multiply(java.math.BigInteger.valueOf(seats[i] + 1))) > 0) {
          best = i;
        }
      }
      seats[best]++;
    }
    return seats;
  }

  /**
   * Shards per node: each node keeps its lowest previous shards up to its seats; the others go in
   * ascending order to the nodes still short, in node order.
   *
   * @param previous the previous owner of each shard (empty for the first committee)
   * @param nodes the new members in order
   * @param seats their seats
   */
  static Map<Address, List<Integer>> assign(List<Address> previous, List<Address> nodes, int[] seats, int nShards) {
    Map<Address, List<Integer>> out = new HashMap<>();
    Map<Address, Integer> seatsOf = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      out.put(nodes.get(i), new ArrayList<>());
      seatsOf.put(nodes.get(i), seats[i]);
    }
    List<Integer> free = new ArrayList<>();
    for (int s = 0; s < nShards; s++) {
      Address holder = previous.isEmpty() ? null : previous.get(s);
      if (holder != null && out.containsKey(holder) && out.get(holder).size() < seatsOf.get(holder)) {
        out.get(holder).add(s);
      } else {
        free.add(s);
      }
    }
    int next = 0;
    for (int s : free) {
      while (out.get(nodes.get(next)).size() >= seats[next]) {
        next++;
      }
      out.get(nodes.get(next)).add(s);
    }
    out.values().forEach(l -> l.sort(Integer::compare));
    return out;
  }
}
