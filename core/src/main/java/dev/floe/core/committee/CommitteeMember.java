package dev.floe.core.committee;

import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One storage node in a committee: its position, identity, protocol-key address and the shards it
 * holds this epoch. Its weight is its shard count. Immutable.
 */
public final class CommitteeMember {
  private final int index;
  private final byte[] nodeId;
  private final byte[] protocolAddress;
  private final List<Integer> shards;

  /**
   * @param index position in the committee, from 0; signer bitmaps and certificates refer to it
   * @param nodeId the node's on-chain identity (on the EVM: its operator address, 20 bytes, or a
   *     32-byte id); not interpreted here
   * @param protocolAddress the 20-byte Ethereum address of the node's protocol key
   * @param shards the shard indices the node holds, each in [0, 65535], no duplicates
   */
  public CommitteeMember(int index, byte[] nodeId, byte[] protocolAddress, List<Integer> shards) {
    if (index < 0) {
      throw new InvalidSizeException("member index must not be negative, got " + index);
    }
    Objects.requireNonNull(nodeId, "nodeId");
    if (protocolAddress == null || protocolAddress.length != ProtocolKeyPair.ADDRESS_LENGTH) {
      throw new InvalidSizeException("a protocol address has 20 bytes");
    }
    List<Integer> copy = List.copyOf(shards);
    if (copy.stream().distinct().count() != copy.size()) {
      throw new InvalidSizeException("member " + index + " lists a shard twice: " + copy);
    }
    for (int s : copy) {
      if (s < 0 || s > 0xFFFF) {
        throw new InvalidSizeException("shard index must be a u16, got " + s);
      }
    }
    this.index = index;
    this.nodeId = nodeId.clone();
    this.protocolAddress = protocolAddress.clone();
    this.shards = copy;
  }

  /** Position in the committee. */
  public int index() {
    return index;
  }

  /** A copy of the node ID. */
  public byte[] nodeId() {
    return nodeId.clone();
  }

  /** A copy of the protocol-key address. */
  public byte[] protocolAddress() {
    return protocolAddress.clone();
  }

  /** Whether {@code address} is this member's protocol address. */
  public boolean hasProtocolAddress(byte[] address) {
    return Arrays.equals(protocolAddress, address);
  }

  /** The shards held, in the order given. */
  public List<Integer> shards() {
    return shards;
  }

  /** The member's weight: its number of shards. */
  public int weight() {
    return shards.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommitteeMember other
        && index == other.index
        && Arrays.equals(nodeId, other.nodeId)
        && Arrays.equals(protocolAddress, other.protocolAddress)
        && shards.equals(other.shards);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, Arrays.hashCode(nodeId), Arrays.hashCode(protocolAddress), shards);
  }

  @Override
  public String toString() {
    return "CommitteeMember[" + index + ", node=0x" + HexFormat.of().formatHex(nodeId)
        + ", " + shards.size() + " shards]";
  }
}
