package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.committee.Committee;
import dev.floe.core.committee.CommitteeMember;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A committee certificate: the same message signed by a set of committee members (by index). For
 * storage confirmations a quorum (more than 2f shards) makes a blob available; for invalid-blob
 * attestations f+1 shards suffice.
 *
 * <p>BCS: {@code {signers: Vec<u16>, serialized_message: Vec<u8>, signature:
 * CertificateSignature}}. Immutable.
 */
public final class Certificate {
  private final byte[] message;
  private final List<Integer> signerIndices;
  private final CertificateSignature signature;

  /**
   * @param message the signed bytes, identical for every signer
   * @param signerIndices committee member indices, strictly increasing, each a u16
   * @param signature the signatures; for secp256k1 exactly one per signer, in signer order
   * @throws InvalidSignatureException if the signers are unsorted, duplicated, empty or do not match
   *     the number of signatures
   */
  public Certificate(byte[] message, List<Integer> signerIndices, CertificateSignature signature) {
    this.message = message.clone();
    this.signerIndices = List.copyOf(signerIndices);
    this.signature = Objects.requireNonNull(signature, "signature");
    if (this.signerIndices.isEmpty()) {
      throw new InvalidSignatureException("a certificate needs at least one signer");
    }
    int previous = -1;
    for (int i : this.signerIndices) {
      if (i <= previous) {
        throw new InvalidSignatureException(
            i == previous ? "signer " + i + " appears twice" : "signers are not in increasing order: " + this.signerIndices);
      }
      if (i > 0xFFFF) {
        throw new InvalidSignatureException("signer index must be a u16, got " + i);
      }
      previous = i;
    }
    if (signature instanceof CertificateSignature.Secp256k1Signatures s && s.size() != this.signerIndices.size()) {
      throw new InvalidSignatureException(
          this.signerIndices.size() + " signers but " + s.size() + " secp256k1 signatures");
    }
  }

  /** A secp256k1 certificate from signatures keyed by member index. */
  public static Certificate ofSecp256k1(byte[] message, Map<Integer, byte[]> signaturesByMember) {
    SortedMap<Integer, byte[]> sorted = new TreeMap<>(signaturesByMember);
    return new Certificate(
        message,
        new ArrayList<>(sorted.keySet()),
        new CertificateSignature.Secp256k1Signatures(new ArrayList<>(sorted.values())));
  }

  /** A copy of the signed bytes. */
  public byte[] message() {
    return message.clone();
  }

  /** The signer indices in increasing order. */
  public List<Integer> signerIndices() {
    return signerIndices;
  }

  /** The signature part. */
  public CertificateSignature signature() {
    return signature;
  }

  /** The signers as a bitmap of the smallest length: member i is bit i%8 of byte i/8. */
  public byte[] signersBitmap() {
    return signersBitmap(signerIndices.get(signerIndices.size() - 1) + 1);
  }

  /**
   * The signers as a bitmap of ceil(committeeSize / 8) bytes, as the contracts take it: member i is
   * bit i%8 (least significant first) of byte i/8.
   */
  public byte[] signersBitmap(int committeeSize) {
    int last = signerIndices.get(signerIndices.size() - 1);
    if (committeeSize <= last) {
      throw new InvalidSizeException("signer " + last + " does not fit a committee of " + committeeSize);
    }
    byte[] bitmap = new byte[(committeeSize + 7) / 8];
    for (int i : signerIndices) {
      bitmap[i >>> 3] |= (byte) (1 << (i & 7));
    }
    return bitmap;
  }

  /**
   * Checks the certificate against the committee of the message's epoch and requires a quorum.
   *
   * @return the signers' total weight
   * @throws InvalidSignatureException naming the failed check
   */
  public long verify(Committee committee) {
    long weight = verifySignatures(committee);
    if (!committee.isQuorum(weight)) {
      throw new InvalidSignatureException(
          "signers hold " + weight + " of " + committee.nShards() + " shards, not a quorum");
    }
    return weight;
  }

  /** As {@link #verify(Committee)}, also requiring the committee to hold {@code config}'s shards. */
  public long verify(Committee committee, EncodingConfig config) {
    if (committee.nShards() != config.nShards()) {
      throw new InvalidSignatureException(
          "committee holds " + committee.nShards() + " shards, the encoding uses " + config.nShards());
    }
    return verify(committee);
  }

  /** As {@link #verify(Committee)} but requiring only validity weight (more than f shards). */
  public long verifyValidity(Committee committee) {
    long weight = verifySignatures(committee);
    if (!committee.isValidity(weight)) {
      throw new InvalidSignatureException(
          "signers hold " + weight + " of " + committee.nShards() + " shards, fewer than f+1");
    }
    return weight;
  }

  private long verifySignatures(Committee committee) {
    long epoch = messageEpoch();
    if (epoch != committee.epoch()) {
      throw new InvalidSignatureException(
          "message is from epoch " + epoch + ", the committee from epoch " + committee.epoch());
    }
    if (!(signature instanceof CertificateSignature.Secp256k1Signatures sigs)) {
      throw new InvalidSignatureException("BLS aggregate certificates are not supported yet");
    }
    long weight = 0;
    for (int k = 0; k < signerIndices.size(); k++) {
      int index = signerIndices.get(k);
      if (index >= committee.size()) {
        throw new InvalidSignatureException(
            "signer " + index + " is not in the committee of " + committee.size() + " members");
      }
      CommitteeMember member = committee.member(index);
      byte[] recovered = ProtocolKeyPair.recoverAddress(message, sigs.signature(k));
      if (!member.hasProtocolAddress(recovered)) {
        throw new InvalidSignatureException(
            "signature of member " + index + " recovers to 0x" + HexFormat.of().formatHex(recovered)
                + ", not its protocol address");
      }
      weight += member.weight();
    }
    return weight;
  }

  /** The epoch in the message header (bytes 3..7, little-endian). */
  public long messageEpoch() {
    if (message.length < 7) {
      throw new InvalidSignatureException("certified message has " + message.length + " bytes, shorter than a header");
    }
    long epoch = 0;
    for (int i = 6; i >= 3; i--) {
      epoch = (epoch << 8) | (message[i] & 0xFF);
    }
    return epoch;
  }

  /** Appends the BCS form. */
  public void writeBcs(BcsWriter w) {
    w.writeVector(signerIndices, BcsWriter::writeU16);
    w.writeBytes(message);
    signature.writeBcs(w);
  }

  /** The BCS bytes. */
  public byte[] toBcs() {
    BcsWriter w = new BcsWriter(message.length + 70 * signerIndices.size() + 8);
    writeBcs(w);
    return w.toByteArray();
  }

  /** Reads the BCS form; unsorted or duplicate signers are rejected. */
  public static Certificate readBcs(BcsReader r) {
    List<Integer> signers = r.readVector(2, BcsReader::readU16);
    byte[] message = r.readBytes();
    return new Certificate(message, signers, CertificateSignature.readBcs(r));
  }

  /** Decodes exactly one BCS certificate. */
  public static Certificate fromBcs(byte[] bytes) {
    return BcsReader.decode(bytes, Certificate::readBcs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Certificate other
        && Arrays.equals(message, other.message)
        && signerIndices.equals(other.signerIndices)
        && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(message) + signerIndices.hashCode()) + signature.hashCode();
  }

  @Override
  public String toString() {
    return "Certificate[" + signerIndices.size() + " signers, " + signature + "]";
  }
}
