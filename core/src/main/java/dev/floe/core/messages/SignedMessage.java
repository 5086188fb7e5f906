package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Serialized protocol message bytes with a node's signature over them. Floe's first scheme is
 * secp256k1 (65 bytes {@code r ‖ s ‖ v} over {@code keccak256(message)}, see {@link
 * ProtocolKeyPair}). BCS: {@code {serialized_message: Vec<u8>, signature: Vec<u8>}}. Immutable.
 */
public final class SignedMessage {
  private static final int MAX_SIGNATURE_LENGTH = 96;

  private final byte[] message;
  private final byte[] signature;

  /**
   * @param message the exact signed bytes (header and body)
   * @param signature the signature, at most 96 bytes
   */
  public SignedMessage(byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (signature.length > MAX_SIGNATURE_LENGTH) {
      throw new InvalidSizeException("a signature has at most 96 bytes, got " + signature.length);
    }
    this.message = message.clone();
    this.signature = signature.clone();
  }

  /** Signs {@code message} with {@code key}. */
  public static SignedMessage sign(ProtocolMessage message, ProtocolKeyPair key) {
    byte[] bytes = message.toBytes();
    return new SignedMessage(bytes, key.sign(bytes));
  }

  /** A copy of the signed bytes. */
  public byte[] message() {
    return message.clone();
  }

  /** A copy of the signature. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The address whose protocol key made the signature. */
  public byte[] recoverSigner() {
    return ProtocolKeyPair.recoverAddress(message, signature);
  }

  /** Whether the signature was made by the key with {@code address}. */
  public boolean isSignedBy(byte[] address) {
    return ProtocolKeyPair.verify(message, signature, address);
  }

  /**
   * Throws unless the key with {@code address} made the signature.
   *
   * @throws InvalidSignatureException saying which address signed instead, or why recovery failed
   */
  public void checkSignedBy(byte[] address) {
    byte[] signer = recoverSigner();
    if (!Arrays.equals(signer, address)) {
      throw new InvalidSignatureException(
          "message signed by 0x" + HexFormat.of().formatHex(signer) + ", expected 0x"
              + HexFormat.of().formatHex(address));
    }
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeBytes(message);
    w.writeBytes(signature);
  }

  /** The BCS bytes. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(message.length + signature.length + 8);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads the BCS form. */
  public static SignedMessage readBcs(BcsReader r) {
    byte[] message = r.readBytes();
    int at = r.position();
    byte[] signature = r.readBytes();
    if (signature.length > MAX_SIGNATURE_LENGTH) {
      throw new BcsException(
          "signature at offset " + at + " has " + signature.length + " bytes, at most 96 allowed");
    }
    return new SignedMessage(message, signature);
  }

  /** Decodes exactly one BCS signed message. */
  public static SignedMessage fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, SignedMessage::readBcs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedMessage other
        && Arrays.equals(message, other.message)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(message) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedMessage[" + message.length + " bytes, signature " + signature.length + " bytes]";
  }
}
