package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ChallengeAlreadyReportedException;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.EpochStateException;
import dev.floe.controlplane.InsufficientQuorumException;
import dev.floe.controlplane.InvalidCertificateException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.UnauthorizedException;
import dev.floe.controlplane.WrongEpochException;
import dev.floe.controlplane.events.EpochChangeStarted;
import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * Storage challenges on a real anvil chain through the real contracts: the per-epoch challenge seed,
 * and every way a failure report is refused. The accepted report and its reward forfeit are in
 * {@link StorageChallengeRewardsTest}.
 */
class StorageChallengeTest {
  private static final int N = 10; // f = 3: validity needs 4 shards; committee weights 3,3,2,2
  private static final int VALIDITY = 4;
  private static ChainFixture f;
  private static EvmControlPlane reporter;
  /** Registered without stake: never in a committee. */
  private static ChainFixture.TestNode outsider;

  @BeforeAll
  static void setUp() {
    f = new ChainFixture(N);
    f.addNodes(100, 100, 100, 100);
    outsider = f.registerNode(TokenAmount.ofTokens(1_000));
    f.startFirstEpoch();
    reporter = f.newAccount(TokenAmount.ofTokens(1_000));
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static int epoch() {
    return f.state().epoch();
  }

  private static CommitteeInfo committee() {
    return Await.result(reporter.currentCommittee());
  }

  /** Members other than {@code target}, in committee order, until their weight reaches {@code weight}. */
  static List<ChainFixture.TestNode> signersOtherThan(ChainFixture fixture, CommitteeInfo c, Address target, int weight) {
    List<ChainFixture.TestNode> out = new ArrayList<>();
    int w = 0;
    for (CommitteeMemberInfo m : c.members()) {
      if (w >= weight) {
        break;
      }
      if (!m.nodeId().equals(target)) {
        out.add(fixture.node(m.nodeId()));
        w += m.weight();
      }
    }
    return out;
  }

  private static Certificate validityCertificate(byte[] message, CommitteeInfo c, Address target) {
    return ChainFixture.certificate(message, c, signersOtherThan(f, c, target, VALIDITY));
  }

  private static byte[] failure(int epoch, Address node) {
    return new ChallengeFailureMessage(epoch, node.toBytes()).toBytes();
  }

  @Test
  void shouldRefuseACertificateBelowValidityWeight() {
    int e = epoch();
    CommitteeInfo c = committee();
    CommitteeMemberInfo heaviest = c.members().stream().max(java.util.Comparator.comparingInt(CommitteeMemberInfo::weight))
        .orElseThrow();
    Address target = c.members().stream().map(CommitteeMemberInfo::nodeId).filter(id -> !id.equals(heaviest.nodeId()))
        .findFirst().orElseThrow();
    assertThat(heaviest.weight()).isLessThan(VALIDITY);
    Certificate oneSigner = ChainFixture.certificate(failure(e, target), c, List.of(f.node(heaviest.nodeId())));
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(oneSigner)))
        .isInstanceOfSatisfying(InsufficientQuorumException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("InsufficientWeight");
          assertThat(ex.arguments()).containsExactly(Integer.toString(heaviest.weight()), Integer.toString(VALIDITY));
        });
    assertThat(Await.result(reporter.challengeFailed(target, e))).isFalse();
  }

  @Test
  void shouldRefuseAMessageOfAnEarlierEpoch() {
    int e = epoch();
    CommitteeInfo c = committee();
    Address target = c.members().get(1).nodeId();
    Certificate old = validityCertificate(failure(e, target), c, target);
    f.advanceEpoch();
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(old)))
        .isInstanceOfSatisfying(WrongEpochException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("WrongEpoch");
          assertThat(ex.arguments()).containsExactly(Integer.toString(e), Integer.toString(e + 1));
        });
    assertThat(Await.result(reporter.challengeFailed(target, e))).isFalse();
    assertThat(Await.result(reporter.challengeFailed(target, e + 1))).isFalse();
  }

  @Test
  void shouldRefuseCertificatesOfOtherIntentsAndMalformedMessages() {
    int e = epoch();
    CommitteeInfo c = committee();
    Address target = c.members().get(0).nodeId();
    BlobId blobId = ChainFixture.randomBlob(new Random(5), N, 1_000, false).blobId();
    // an InvalidBlobId message has the same length (39 bytes): only the intent tells them apart
    Certificate invalidBlob = validityCertificate(new InvalidBlobIdMessage(e, blobId).toBytes(), c, target);
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(invalidBlob)))
        .isInstanceOfSatisfying(InvalidCertificateException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("InvalidMessage");
          assertThat(ex.arguments()).containsExactly("2", "0", "3", "39");
        });
    Certificate confirmation = validityCertificate(
        new StorageConfirmation(e, blobId, BlobPersistence.PERMANENT).toBytes(), c, target);
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(confirmation)))
        .isInstanceOfSatisfying(InvalidCertificateException.class,
            ex -> assertThat(ex.arguments()).containsExactly("1", "0", "3", "40"));
    byte[] padded = failure(e, target);
    padded[7] = 1;
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(validityCertificate(padded, c, target))))
        .isInstanceOfSatisfying(InvalidCertificateException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("InvalidNodeIdPadding");
          assertThat(ex.arguments()).containsExactly("0x010000000000000000000000");
        });
    byte[] truncated = java.util.Arrays.copyOf(failure(e, target), 38);
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(validityCertificate(truncated, c, target))))
        .isInstanceOfSatisfying(InvalidCertificateException.class,
            ex -> assertThat(ex.arguments()).containsExactly("16", "0", "3", "38"));
    assertThat(Await.result(reporter.challengeFailed(target, e))).isFalse();
  }

  @Test
  void shouldRefuseANodeOutsideTheCommittee() {
    int e = epoch();
    CommitteeInfo c = committee();
    assertThat(c.member(outsider.id())).isEmpty();
    byte[] random = new byte[Address.LENGTH];
    new Random(11).nextBytes(random);
    for (Address node : List.of(outsider.id(), Address.of(random))) {
      Certificate cert = validityCertificate(failure(e, node), c, node);
      assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(cert)))
          .isInstanceOfSatisfying(UnauthorizedException.class, ex -> {
            assertThat(ex.errorName()).isEqualTo("NotInCommittee");
            assertThat(Address.parse(ex.arguments().get(0))).isEqualTo(node);
            assertThat(ex.arguments().get(1)).isEqualTo(Integer.toString(e));
          });
      assertThat(Await.result(reporter.challengeFailed(node, e))).isFalse();
    }
  }

  @Test
  void shouldRefuseASecondReportOfTheSameNodeInAnEpoch() {
    int e = epoch();
    CommitteeInfo c = committee();
    Address target = c.members().get(3).nodeId();
    Await.result(reporter.reportChallengeFailure(validityCertificate(failure(e, target), c, target)));
    assertThat(Await.result(reporter.challengeFailed(target, e))).isTrue();
    // another certificate over the same message (all other members): still a duplicate
    Certificate again = ChainFixture.certificate(failure(e, target), c, signersOtherThan(f, c, target, N));
    assertThatThrownBy(() -> Await.result(f.admin.reportChallengeFailure(again)))
        .isInstanceOfSatisfying(ChallengeAlreadyReportedException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("ChallengeAlreadyReported");
          assertThat(ex.arguments().get(0)).isEqualTo(Integer.toString(e));
          assertThat(Address.parse(ex.arguments().get(1))).isEqualTo(target);
        });
  }

  @Test
  void shouldRefuseSignersOutsideTheCommittee() {
    int e = epoch();
    CommitteeInfo c = committee();
    Address target = c.members().get(2).nodeId();
    byte[] message = failure(e, target);
    int size = c.members().size();
    CommitteeMemberInfo first = c.members().get(0);
    Map<Integer, byte[]> beyond = new HashMap<>();
    beyond.put(first.index(), f.node(first.nodeId()).key().sign(message));
    beyond.put(size, outsider.key().sign(message)); // a bit past the last member
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(Certificate.ofSecp256k1(message, beyond))))
        .isInstanceOfSatisfying(InvalidCertificateException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("SignerOutsideCommittee");
          assertThat(ex.arguments()).containsExactly(Integer.toString(size), Integer.toString(size));
        });
    CommitteeMemberInfo second = c.members().get(1);
    Map<Integer, byte[]> impostor = new HashMap<>();
    impostor.put(first.index(), f.node(first.nodeId()).key().sign(message));
    impostor.put(second.index(), outsider.key().sign(message)); // a non-member's key in a member's place
    assertThatThrownBy(() -> Await.result(reporter.reportChallengeFailure(Certificate.ofSecp256k1(message, impostor))))
        .isInstanceOfSatisfying(InvalidCertificateException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("InvalidSignature");
          assertThat(ex.arguments()).containsExactly(Integer.toString(second.index()));
        });
    assertThat(Await.result(reporter.challengeFailed(target, e))).isFalse();
  }

  @Test
  void shouldLetOnlyTheSystemContractPenalize() {
    Address target = committee().members().get(0).nodeId();
    try (EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(4))) {
      String staking = f.deployment.contracts().staking().toHex();
      FloeStaking contract = FloeStaking.load(staking, chain.web3j, chain.calls,
          new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
      assertThatThrownBy(() -> Await.result(chain.send(staking, contract.penalize(target.toHex()), "penalize")))
          .isInstanceOfSatisfying(UnauthorizedException.class, ex -> {
            assertThat(ex.errorName()).isEqualTo("OnlySystem");
            assertThat(Address.parse(ex.arguments().get(0))).isEqualTo(chain.account.address());
          });
    }
  }

  @Test
  void shouldDeriveEachEpochsSeedFromTheBlockBeforeItStarted() {
    int before = epoch();
    byte[] earlier = Await.result(reporter.challengeSeed(before));
    f.advanceEpoch(); // at least epochs 0, 1 and 2 have started
    int current = epoch();
    assertThat(Await.result(reporter.challengeSeed(before))).as("fixed once the epoch started").isEqualTo(earlier);
    Map<Integer, Long> startBlocks = new HashMap<>();
    Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events().forEach(ev -> {
      if (ev instanceof EpochChangeStarted s) {
        startBlocks.put(s.epoch(), s.id().blockNumber());
      }
    });
    Set<String> seeds = new HashSet<>();
    for (int e = 0; e <= current; e++) {
      byte[] seed = Await.result(reporter.challengeSeed(e));
      assertThat(seed).hasSize(32);
      assertThat(seed).as("seed of epoch %d", e).isNotEqualTo(new byte[32]);
      seeds.add(HexFormat.of().formatHex(seed));
      if (e > 0) {
        long block = startBlocks.get(e);
        byte[] parentHash = HexFormat.of().parseHex(f.anvil.blockHash(block - 1).substring(2));
        byte[] encoded = ByteBuffer.allocate(64).put(parentHash).putInt(60, e).array(); // abi.encode(bytes32, uint32)
        assertThat(seed).as("seed of epoch %d", e).isEqualTo(Hash.sha3(encoded));
      }
    }
    assertThat(seeds).as("one distinct seed per epoch").hasSize(current + 1);
    assertThatThrownBy(() -> Await.result(reporter.challengeSeed(current + 1)))
        .isInstanceOfSatisfying(EpochStateException.class, ex -> {
          assertThat(ex.errorName()).isEqualTo("EpochNotStarted");
          assertThat(ex.arguments()).containsExactly(Integer.toString(current + 1), Integer.toString(current));
        });
  }
}
