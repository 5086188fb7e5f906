package dev.floe.controlplane;

import java.util.List;

/**
 * One member of a committee, in committee order (the order of signer bits in certificates).
 *
 * @param index position in the committee (bit {@code index} of a signer bitmap)
 * @param nodeId the node's ID (its operator account)
 * @param protocolKeyAddress the address the member's protocol signatures recover to, fixed when
 *     the committee was selected
 * @param shards the shards the member holds in this committee's epoch, ascending; its weight is
 *     their number
 * @param name the node's current name
 * @param networkAddress the node's current REST address
 */
public record CommitteeMemberInfo(
    int index, Address nodeId, Address protocolKeyAddress, List<Integer> shards, String name,
    String networkAddress) {

  public CommitteeMemberInfo {
    shards = List.copyOf(shards);
  }

  /** The member's weight: the number of shards it holds. */
  public int weight() {
    return shards.size();
  }
}
