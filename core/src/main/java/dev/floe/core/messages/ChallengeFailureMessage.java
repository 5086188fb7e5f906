package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A committee member's attestation that the node {@code nodeId} failed its storage challenge in
 * {@code epoch} (intent {@link IntentType#STORAGE_CHALLENGE_FAILURE}, a Floe extension): the signer
 * challenged it for symbols of its slivers, chosen from the epoch's on-chain seed, and did not get
 * them with valid Merkle proofs. Bytes: header ‖ the node's 20-byte operator address left-padded with
 * zeros to 32 bytes (as in {@link ProofOfPossessionMessage}). Signatures of more than f shards'
 * weight over one message are the slashing evidence the contract verifies. Immutable.
 */
public final class ChallengeFailureMessage implements ProtocolMessage {
  private static final int PADDED_ADDRESS = 32;
  private static final int ADDRESS = ProtocolKeyPair.ADDRESS_LENGTH;

  private final long epoch;
  private final byte[] nodeId;

  /**
   * @param epoch the epoch of the failed challenge (u32)
   * @param nodeId the challenged node's 20-byte operator address (its node ID)
   */
  public ChallengeFailureMessage(long epoch, byte[] nodeId) {
    MessageCodec.checkEpoch(epoch);
    if (nodeId == null || nodeId.length != ADDRESS) {
      throw new InvalidSizeException("a node ID (operator address) has 20 bytes");
    }
    this.epoch = epoch;
    this.nodeId = nodeId.clone();
  }

  @Override
  public Intent intent() {
    return Intent.storage(IntentType.STORAGE_CHALLENGE_FAILURE);
  }

  @Override
  public long epoch() {
    return epoch;
  }

  /** A copy of the challenged node's operator address. */
  public byte[] nodeId() {
    return nodeId.clone();
  }

  @Override
  public byte[] toBytes() {
    BcsWriter w = MessageCodec.header(IntentType.STORAGE_CHALLENGE_FAILURE, epoch, PADDED_ADDRESS);
    w.writeFixedBytes(new byte[PADDED_ADDRESS - ADDRESS]);
    w.writeFixedBytes(nodeId);
    return w.toByteArray();
  }

  /** Parses the signed bytes; the 12 padding bytes before the address must be zero. */
  public static ChallengeFailureMessage parse(byte[] bytes) {
    return BcsReader.decode(
        bytes,
        r -> {
          long epoch = MessageCodec.readHeader(r, IntentType.STORAGE_CHALLENGE_FAILURE);
          int at = r.position();
          for (byte b : r.readFixedBytes(PADDED_ADDRESS - ADDRESS)) {
            if (b != 0) {
              throw new BcsException("address padding at offset " + at + " is not zero");
            }
          }
          return new ChallengeFailureMessage(epoch, r.readFixedBytes(ADDRESS));
        });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChallengeFailureMessage m && m.epoch == epoch && Arrays.equals(m.nodeId, nodeId);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(epoch) + Arrays.hashCode(nodeId);
  }

  @Override
  public String toString() {
    return "ChallengeFailureMessage[epoch=" + epoch + ", nodeId=0x" + HexFormat.of().formatHex(nodeId) + "]";
  }
}
