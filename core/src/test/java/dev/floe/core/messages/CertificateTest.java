package dev.floe.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.committee.Committee;
import dev.floe.core.committee.CommitteeMember;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateTest {
  private static final long EPOCH = 5;
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private Committee committee;
  private byte[] message;

  @BeforeEach
  void setUp() {
    // 4 members holding 4, 3, 2, 1 of 10 shards; f = 3, quorum = 7, validity = 4
    keys.clear();
    int[][] shards = {{0, 1, 2, 3}, {4, 5, 6}, {7, 8}, {9}};
    List<CommitteeMember> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] secret = new byte[32];
      secret[31] = (byte) (i + 1);
      ProtocolKeyPair key = ProtocolKeyPair.fromPrivateKey(secret);
      keys.add(key);
      members.add(new CommitteeMember(i, key.address(), key.address(), Arrays.stream(shards[i]).boxed().toList()));
    }
    committee = new Committee(EPOCH, members);
    message = new StorageConfirmation(EPOCH, BlobId.parseHex("42".repeat(32)), BlobPersistence.PERMANENT).toBytes();
  }

  private Certificate signedBy(int... members) {
    Map<Integer, byte[]> sigs = new HashMap<>();
    for (int m : members) {
      sigs.put(m, keys.get(m).sign(message));
    }
    return Certificate.ofSecp256k1(message, sigs);
  }

  @Test
  void shouldAcceptAQuorumOfValidSignatures() {
    Certificate cert = signedBy(1, 0);
    assertThat(cert.signerIndices()).containsExactly(0, 1);
    assertThat(cert.verify(committee)).isEqualTo(7);
    assertThat(cert.verify(committee, new EncodingConfig(10))).isEqualTo(7);
    assertThat(signedBy(0, 1, 2, 3).verify(committee)).isEqualTo(10);
  }

  @Test
  void shouldRejectWeightBelowQuorum() {
    assertThatThrownBy(() -> signedBy(0, 2).verify(committee))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("6 of 10 shards, not a quorum");
    assertThat(signedBy(0).verifyValidity(committee)).isEqualTo(4);
    assertThatThrownBy(() -> signedBy(1).verifyValidity(committee))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("fewer than f+1");
  }

  @Test
  void shouldRejectASignatureByTheWrongKey() {
    Certificate forged =
        Certificate.ofSecp256k1(message, Map.of(0, keys.get(0).sign(message), 1, keys.get(2).sign(message)));
    assertThatThrownBy(() -> forged.verify(committee))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("signature of member 1 recovers to " + keys.get(2).addressHex());
  }

  @Test
  void shouldRejectSignaturesOverOtherBytes() {
    byte[] other = message.clone();
    other[10] ^= 1;
    Certificate cert = new Certificate(other, List.of(0, 1), signedBy(0, 1).signature());
    assertThatThrownBy(() -> cert.verify(committee)).isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void shouldRejectDuplicateUnsortedOrMismatchedSigners() {
    CertificateSignature two = signedBy(0, 1).signature();
    assertThatThrownBy(() -> new Certificate(message, List.of(0, 0), two))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("signer 0 appears twice");
    assertThatThrownBy(() -> new Certificate(message, List.of(1, 0), two))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("not in increasing order");
    assertThatThrownBy(() -> new Certificate(message, List.of(0, 1, 2), two))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("3 signers but 2");
    assertThatThrownBy(() -> new Certificate(message, List.of(), new CertificateSignature.Secp256k1Signatures(List.of())))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void shouldRejectSignersOutsideTheCommitteeAndOtherEpochs() {
    byte[] sig = keys.get(0).sign(message);
    Certificate outsider = new Certificate(message, List.of(0, 4), new CertificateSignature.Secp256k1Signatures(List.of(sig, sig)));
    assertThatThrownBy(() -> outsider.verify(committee))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("signer 4 is not in the committee");
    Committee nextEpoch = new Committee(EPOCH + 1, committee.members());
    assertThatThrownBy(() -> signedBy(0, 1).verify(nextEpoch))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("epoch 5, the committee from epoch 6");
    assertThatThrownBy(() -> signedBy(0, 1).verify(committee, new EncodingConfig(13)))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void shouldRefuseBlsAggregatesForNow() {
    Certificate bls = new Certificate(message, List.of(0, 1), new CertificateSignature.BlsAggregate(new byte[96]));
    assertThatThrownBy(() -> bls.verify(committee))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("BLS");
    assertThat(Certificate.fromBcs(bls.toBcs())).isEqualTo(bls);
  }

  @Test
  void shouldBuildTheContractSignerBitmap() {
    Certificate cert = new Certificate(message, List.of(0, 3, 8, 15, 17), new CertificateSignature.BlsAggregate(new byte[96]));
    assertThat(cert.signersBitmap()).containsExactly(0b0000_1001, 0b1000_0001, 0b0000_0010);
    assertThat(cert.signersBitmap(30)).containsExactly(0b0000_1001, 0b1000_0001, 0b0000_0010, 0);
    assertThatThrownBy(() -> cert.signersBitmap(17)).isInstanceOf(InvalidSizeException.class);
  }

  @Test
  void shouldRoundTripBcsAndRejectCorruptions() {
    Certificate cert = signedBy(0, 1, 3);
    byte[] bcs = cert.toBcs();
    assertThat(Certificate.fromBcs(bcs)).isEqualTo(cert);
    Certificate decoded = Certificate.fromBcs(bcs);
    assertThat(decoded.verify(committee)).isEqualTo(8);
    assertThatThrownBy(() -> Certificate.fromBcs(Arrays.copyOf(bcs, bcs.length - 1))).isInstanceOf(BcsException.class);
    byte[] duplicate = bcs.clone();
    duplicate[3] = 0; // second signer index 1 -> 0
    assertThatThrownBy(() -> Certificate.fromBcs(duplicate)).isInstanceOf(InvalidSignatureException.class);
  }

  @Property(tries = 100)
  void randomSignerSubsetsVerifyIffTheyHoldAQuorum(@ForAll @IntRange(min = 1, max = 15) int mask) {
    setUp();
    int[] members = IntStream.range(0, 4).filter(i -> (mask & (1 << i)) != 0).toArray();
    Certificate cert = signedBy(members);
    long weight = committee.weightOf(Arrays.stream(members).boxed().toList());
    if (committee.isQuorum(weight)) {
      assertThat(cert.verify(committee)).isEqualTo(weight);
    } else {
      assertThatThrownBy(() -> cert.verify(committee)).isInstanceOf(InvalidDataException.class);
    }
  }
}
