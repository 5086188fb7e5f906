package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Proof that a node operator holds a protocol key (intent {@link IntentType#PROOF_OF_POSSESSION}),
 * adapted to the EVM: the body is the operator's 20-byte address left-padded with zeros to 32
 * bytes, then the secp256k1 public key as 64 bytes {@code x ‖ y}. Signed with the protocol key it
 * names, it binds that key to the operator. Immutable.
 */
public final class ProofOfPossessionMessage implements ProtocolMessage {
  private static final int PADDED_ADDRESS = 32;
  private static final int ADDRESS = ProtocolKeyPair.ADDRESS_LENGTH;
  private static final int KEY = ProtocolKeyPair.PUBLIC_KEY_LENGTH;

  private final long epoch;
  private final byte[] operatorAddress;
  private final byte[] publicKey;

  /**
   * @param epoch the epoch of signing (u32)
   * @param operatorAddress the operator's 20-byte address
   * @param publicKey the 64-byte protocol public key
   */
  public ProofOfPossessionMessage(long epoch, byte[] operatorAddress, byte[] publicKey) {
    MessageCodec.checkEpoch(epoch);
    if (operatorAddress == null || operatorAddress.length != ADDRESS) {
      throw new InvalidSizeException("an operator address has 20 bytes");
    }
    if (publicKey == null || publicKey.length != KEY) {
      throw new InvalidSizeException("a protocol public key has 64 bytes");
    }
    this.epoch = epoch;
    this.operatorAddress = operatorAddress.clone();
    this.publicKey = publicKey.clone();
  }

  @Override
  public Intent intent() {
    return Intent.storage(IntentType.PROOF_OF_POSSESSION);
  }

  @Override
  public long epoch() {
    return epoch;
  }

  /** A copy of the operator address. */
  public byte[] operatorAddress() {
    return operatorAddress.clone();
  }

  /** A copy of the public key {@code x ‖ y}. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] toBytes() {
    BcsWriter w = MessageCodec.header(IntentType.PROOF_OF_POSSESSION, epoch, PADDED_ADDRESS + KEY);
    w.writeFixedBytes(new byte[PADDED_ADDRESS - ADDRESS]);
    w.writeFixedBytes(operatorAddress);
    w.writeFixedBytes(publicKey);
    return w.toByteArray();
  }

  /** Parses the signed bytes; the 12 padding bytes before the address must be zero. */
  public static ProofOfPossessionMessage parse(byte[] bytes) {
    return BcsReader.decode(
        bytes,
        r -> {
          long epoch = MessageCodec.readHeader(r, IntentType.PROOF_OF_POSSESSION);
          int at = r.position();
          byte[] padding = r.readFixedBytes(PADDED_ADDRESS - ADDRESS);
          for (byte b : padding) {
            if (b != 0) {
              throw new BcsException("address padding at offset " + at + " is not zero");
            }
          }
          byte[] address = r.readFixedBytes(ADDRESS);
          return new ProofOfPossessionMessage(epoch, address, r.readFixedBytes(KEY));
        });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProofOfPossessionMessage other
        && epoch == other.epoch
        && Arrays.equals(operatorAddress, other.operatorAddress)
        && Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(epoch) + Arrays.hashCode(operatorAddress)) + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "ProofOfPossessionMessage[epoch=" + epoch + ", operator=0x" + HexFormat.of().formatHex(operatorAddress) + "]";
  }
}
