package dev.floe.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SignedMessageProperties {

  @Provide
  Arbitrary<SignedMessage> signedMessages() {
    return Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(96))
        .as(SignedMessage::new);
  }

  @Provide
  Arbitrary<Certificate> certificates() {
    Arbitrary<List<Integer>> signers =
        Arbitraries.integers().between(0, 65535).set().ofMinSize(1).ofMaxSize(12).map(s -> new ArrayList<>(new TreeSet<>(s)));
    Arbitrary<byte[]> messages = Arbitraries.bytes().array(byte[].class).ofMaxSize(100);
    return Combinators.combine(signers, messages, Arbitraries.integers().between(0, 1), Arbitraries.randomValue(r -> r.nextLong()))
        .as(
            (indices, message, kind, seed) -> {
              Random random = new Random(seed);
              CertificateSignature signature;
              if (kind == 0) {
                List<byte[]> sigs = new ArrayList<>();
                for (int i = 0; i < indices.size(); i++) {
                  byte[] sig = new byte[65];
                  random.nextBytes(sig);
                  sigs.add(sig);
                }
                signature = new CertificateSignature.Secp256k1Signatures(sigs);
              } else {
                byte[] aggregate = new byte[96];
                random.nextBytes(aggregate);
                signature = new CertificateSignature.BlsAggregate(aggregate);
              }
              return new Certificate(message, indices, signature);
            });
  }

  @Property(tries = 300)
  void signedMessageBcsRoundTrips(@ForAll("signedMessages") SignedMessage signed, @ForAll @IntRange(min = 1, max = 50) int cut) {
    byte[] bcs = signed.toBcs();
    assertThat(SignedMessage.fromBcs(bcs)).isEqualTo(signed);
    assertThatThrownBy(() -> SignedMessage.fromBcs(Arrays.copyOf(bcs, Math.max(0, bcs.length - cut))))
        .isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> SignedMessage.fromBcs(Arrays.copyOf(bcs, bcs.length + 1))).isInstanceOf(BcsException.class);
  }

  @Property(tries = 300)
  void certificateBcsRoundTrips(@ForAll("certificates") Certificate certificate, @ForAll @IntRange(min = 1, max = 50) int cut) {
    byte[] bcs = certificate.toBcs();
    assertThat(Certificate.fromBcs(bcs)).isEqualTo(certificate);
    assertThatThrownBy(() -> Certificate.fromBcs(Arrays.copyOf(bcs, Math.max(0, bcs.length - cut))))
        .isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> Certificate.fromBcs(Arrays.copyOf(bcs, bcs.length + 1))).isInstanceOf(BcsException.class);
  }
}
