package dev.floe.node.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One storage node of a committee.
 *
 * @param index the member's position in the committee (signer index in certificates)
 * @param nodeId the node's on-chain identifier (opaque bytes)
 * @param name the operator-chosen name
 * @param networkAddress base URL of the node's REST API, e.g. {@code http://127.0.0.1:9185}
 * @param protocolAddress the 20-byte address of the node's protocol key (signatures recover to it)
 * @param shards the shard indices the member holds this epoch, ascending
 */
public record CommitteeMember(
    int index, byte[] nodeId, String name, String networkAddress, byte[] protocolAddress, List<Integer> shards) {
  public CommitteeMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(networkAddress, "networkAddress");
    nodeId = nodeId.clone();
    protocolAddress = protocolAddress.clone();
    shards = shards.stream().sorted().toList();
  }

  @Override
  public byte[] nodeId() {
    return nodeId.clone();
  }

  @Override
  public byte[] protocolAddress() {
    return protocolAddress.clone();
  }

  /** True iff this member's protocol key has address {@code address}. */
  public boolean hasProtocolAddress(byte[] address) {
    return Arrays.equals(protocolAddress, address);
  }

  /** The member's weight: the number of shards it holds. */
  public int weight() {
    return shards.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommitteeMember m
        && index == m.index
        && Arrays.equals(nodeId, m.nodeId)
        && name.equals(m.name)
        && networkAddress.equals(m.networkAddress)
        && Arrays.equals(protocolAddress, m.protocolAddress)
        && shards.equals(m.shards);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, name, networkAddress, Arrays.hashCode(protocolAddress), shards);
  }

  @Override
  public String toString() {
    return "CommitteeMember[" + index + " " + name + " @" + networkAddress + " key 0x"
        + HexFormat.of().formatHex(protocolAddress) + " shards=" + shards.size() + "]";
  }
}
