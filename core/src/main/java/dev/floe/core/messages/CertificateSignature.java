package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.InvalidSignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The signature part of a {@link Certificate}: either one secp256k1 signature per signer (checked
 * on-chain with {@code ecrecover}) or, later, one BLS12-381 aggregate. BCS: enum {@code
 * Secp256k1(Vec<[u8; 65]>) = 0 | BlsAggregate([u8; 96]) = 1}.
 */
public sealed interface CertificateSignature
    permits CertificateSignature.Secp256k1Signatures, CertificateSignature.BlsAggregate {

  /** Appends the BCS form. */
  void writeBcs(BcsWriter w);

  /** Reads the BCS form. */
  static CertificateSignature readBcs(BcsReader r) {
    int variant = r.readEnumIndex(2, "certificate signature");
    if (variant == 0) {
      return new Secp256k1Signatures(r.readVector(65, reader -> reader.readFixedBytes(65)));
    }
    return new BlsAggregate(r.readFixedBytes(BlsAggregate.LENGTH));
  }

  /** One 65-byte {@code r ‖ s ‖ v} signature per signer, in signer order. Immutable. */
  final class Secp256k1Signatures implements CertificateSignature {
    private final List<byte[]> signatures;

    /** Copies the list and each signature; every signature must have 65 bytes. */
    public Secp256k1Signatures(List<byte[]> signatures) {
      List<byte[]> copy = new ArrayList<>(signatures.size());
      for (byte[] s : signatures) {
        if (s == null || s.length != 65) {
          throw new InvalidSignatureException(
              "a secp256k1 signature has 65 bytes, got " + (s == null ? "null" : s.length));
        }
        copy.add(s.clone());
      }
      this.signatures = List.copyOf(copy);
    }

    /** Number of signatures. */
    public int size() {
      return signatures.size();
    }

    /** A copy of signature {@code i}. */
    public byte[] signature(int i) {
      return signatures.get(i).clone();
    }

    @Override
    public void writeBcs(BcsWriter w) {
      w.writeEnumIndex(0);
      w.writeVector(signatures, BcsWriter::writeFixedBytes);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Secp256k1Signatures other) || other.signatures.size() != signatures.size()) {
        return false;
      }
      for (int i = 0; i < signatures.size(); i++) {
        if (!Arrays.equals(signatures.get(i), other.signatures.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (byte[] s : signatures) {
        h = 31 * h + Arrays.hashCode(s);
      }
      return h;
    }

    @Override
    public String toString() {
      return "Secp256k1Signatures[" + signatures.size() + "]";
    }
  }

  /** A 96-byte BLS12-381 aggregate signature (G2); Floe does not produce these yet. Immutable. */
  final class BlsAggregate implements CertificateSignature {
    /** Length of a compressed G2 signature. */
    public static final int LENGTH = 96;

    private final byte[] signature;

    /** Copies the 96 bytes. */
    public BlsAggregate(byte[] signature) {
      if (signature == null || signature.length != LENGTH) {
        throw new InvalidSignatureException(
            "a BLS aggregate signature has 96 bytes, got " + (signature == null ? "null" : signature.length));
      }
      this.signature = signature.clone();
    }

    /** A copy of the signature bytes. */
    public byte[] bytes() {
      return signature.clone();
    }

    @Override
    public void writeBcs(BcsWriter w) {
      w.writeEnumIndex(1);
      w.writeFixedBytes(signature);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BlsAggregate other && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
      return "BlsAggregate";
    }
  }
}
