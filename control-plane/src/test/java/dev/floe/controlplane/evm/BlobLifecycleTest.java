package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.contracts.generated.FloeSystem;
import dev.floe.controlplane.BlobAlreadyCertifiedException;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ExpiredException;
import dev.floe.controlplane.InsufficientCapacityException;
import dev.floe.controlplane.InsufficientFundsException;
import dev.floe.controlplane.InsufficientQuorumException;
import dev.floe.controlplane.InvalidCertificateException;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StorageResource;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.UnauthorizedException;
import dev.floe.controlplane.WrongEpochException;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.CertificateSignature;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * Blobs on a real anvil chain through the real contracts: register, certify, extend, delete,
 * invalidate, and every way the contracts refuse them.
 */
class BlobLifecycleTest {
  private static final int N = 10; // f = 3: quorum 7 shards, validity 4 shards; committee weights 3,3,2,2
  private static ChainFixture f;
  private static EvmControlPlane client;
  private static final Random RANDOM = new Random(42);

  @BeforeAll
  static void setUp() {
    f = new ChainFixture(N);
    f.addNodes(100, 100, 100, 100);
    f.startFirstEpoch();
    client = f.newAccount(TokenAmount.ofTokens(1_000_000));
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static BlobRegistration blob(long size, boolean deletable) {
    return ChainFixture.randomBlob(RANDOM, N, size, deletable);
  }

  private static CommitteeInfo committee() {
    return Await.result(client.currentCommittee());
  }

  private static int epoch() {
    return f.state().epoch();
  }

  private static Certificate confirm(BlobObject b, int weight) {
    CommitteeInfo c = committee();
    BlobPersistence p = b.deletable() ? BlobPersistence.deletable(b.objectId().toBytes()) : BlobPersistence.PERMANENT;
    byte[] message = new StorageConfirmation(epoch(), b.blobId(), p).toBytes();
    return ChainFixture.certificate(message, c, f.signersWithWeight(c, weight));
  }

  @Test
  void shouldRegisterCertifyAndReportAvailability() {
    TokenAmount before = Await.result(client.balanceOf(client.account()));
    Prices prices = Await.result(client.prices());
    BlobRegistration r = blob(1_000_000, false);
    BlobObject b = Await.result(client.reserveAndRegisterBlob(r, 3));
    int e = epoch();
    assertThat(b.blobId()).isEqualTo(r.blobId());
    assertThat(b.registeredEpoch()).isEqualTo(e);
    assertThat(b.endEpoch()).isEqualTo(e + 3);
    assertThat(b.isCertified()).isFalse();
    long encoded = new EncodingConfig(N).encodedLength(r.unencodedSize());
    assertThat(b.storageSize()).isEqualTo(encoded);
    TokenAmount after = Await.result(client.balanceOf(client.account()));
    assertThat(before.units().subtract(after.units()))
        .isEqualTo(prices.reservationCost(encoded, 3).plus(prices.writeCost(encoded)).units());
    assertThat(Await.result(client.blobStatus(r.blobId())))
        .isEqualTo(new BlobStatus.Permanent(e + 3, false, java.util.OptionalInt.empty(), new BlobStatus.DeletableCounts(0, 0)));
    assertThat(Await.result(client.isAvailable(r.blobId(), e))).isFalse();

    BlobObject certified = Await.result(client.certifyBlob(b.objectId(), confirm(b, 7)));
    assertThat(certified.certifiedEpoch()).hasValue(e);
    assertThat(Await.result(client.isAvailable(r.blobId(), e + 2))).isTrue();
    assertThat(Await.result(client.isAvailable(r.blobId(), e + 3))).isFalse();
    assertThat(Await.result(client.blobStatus(r.blobId())))
        .isEqualTo(new BlobStatus.Permanent(e + 3, true, java.util.OptionalInt.of(e), new BlobStatus.DeletableCounts(0, 0)));
  }

  @Test
  void shouldRejectWrongBlobId() {
    BlobRegistration r = blob(500, false);
    BlobRegistration other = blob(500, false);
    BlobRegistration wrong = new BlobRegistration(other.blobId(), r.rootHash(), 500, r.encodingType(), false);
    assertThatThrownBy(() -> Await.result(client.reserveAndRegisterBlob(wrong, 1)))
        .isInstanceOfSatisfying(RevertedException.class, e -> {
          assertThat(e.errorName()).isEqualTo("BlobIdMismatch");
          assertThat(e.arguments()).containsExactly("0x" + other.blobId().toHex(), "0x" + r.blobId().toHex());
        });
    BlobRegistration wrongSize = new BlobRegistration(r.blobId(), r.rootHash(), 501, r.encodingType(), false);
    assertThatThrownBy(() -> Await.result(client.reserveAndRegisterBlob(wrongSize, 1)))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobIdMismatch"));
  }

  @Test
  void shouldRejectEncodedSizeLargerThanStorage() {
    long encodedSmall = new EncodingConfig(N).encodedLength(10);
    StorageResource s = Await.result(client.reserveSpace(encodedSmall, 2));
    BlobRegistration big = blob(1_500_000, false);
    assertThatThrownBy(() -> Await.result(client.registerBlob(s.id(), big)))
        .isInstanceOfSatisfying(RevertedException.class, e -> {
          assertThat(e.errorName()).isEqualTo("EncodedSizeTooLarge");
          assertThat(e.arguments()).containsExactly(
              Long.toString(new EncodingConfig(N).encodedLength(1_500_000)), Long.toString(encodedSmall));
        });
    // a blob that fits may use it
    BlobObject ok = Await.result(client.registerBlob(s.id(), blob(10, false)));
    assertThat(ok.storageId()).isEqualTo(s.id());
    assertThatThrownBy(() -> Await.result(client.registerBlob(s.id(), blob(10, false))))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("StorageInUse"));
  }

  @Test
  void shouldRejectBlobTooLargeForTheShardCount() {
    long max = new EncodingConfig(N).maxBlobSize();
    assertThatThrownBy(() -> Await.result(client.reserveAndRegisterBlob(blob(max + 1, false), 1)))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobTooLarge"));
  }

  @Test
  void shouldRejectDoubleCertification() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, false), 2));
    Certificate cert = confirm(b, 8);
    Await.result(client.certifyBlob(b.objectId(), cert));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), cert)))
        .isInstanceOf(BlobAlreadyCertifiedException.class)
        .hasMessageContaining("BlobAlreadyCertified(0x" + b.objectId().toHex() + ")");
  }

  @Test
  void shouldRejectCertificateBelowQuorum() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, false), 2));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), confirm(b, 6))))
        .isInstanceOfSatisfying(InsufficientQuorumException.class, e -> {
          assertThat(e.weight()).isEqualTo(6);
          assertThat(e.required()).isEqualTo(7);
        });
    assertThat(Await.result(client.blob(b.objectId())).orElseThrow().isCertified()).isFalse();
  }

  @Test
  void shouldRejectSignerOutsideTheCommittee() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, false), 2));
    CommitteeInfo c = committee();
    byte[] message = new StorageConfirmation(epoch(), b.blobId(), BlobPersistence.PERMANENT).toBytes();
    ProtocolKeyPair stranger = ProtocolKeyPair.generate(new SecureRandom());
    List<byte[]> sigs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sigs.add(f.node(c.members().get(i).nodeId()).key().sign(message));
    }
    sigs.add(stranger.sign(message));
    Certificate beyond = new Certificate(message, List.of(0, 1, 2, 5), new CertificateSignature.Secp256k1Signatures(sigs));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), beyond)))
        .isInstanceOfSatisfying(InvalidCertificateException.class, e -> {
          assertThat(e.errorName()).isEqualTo("SignerOutsideCommittee");
          assertThat(e.arguments()).containsExactly("5", "4");
        });
    Certificate impostor = new Certificate(message, List.of(0, 1, 2, 3), new CertificateSignature.Secp256k1Signatures(sigs));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), impostor)))
        .isInstanceOfSatisfying(InvalidCertificateException.class, e -> {
          assertThat(e.errorName()).isEqualTo("InvalidSignature");
          assertThat(e.arguments()).containsExactly("3");
        });
  }

  @Test
  void shouldRejectDuplicatedSigner() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, false), 2));
    CommitteeInfo c = committee();
    byte[] message = new StorageConfirmation(epoch(), b.blobId(), BlobPersistence.PERMANENT).toBytes();
    byte[] first = f.node(c.members().get(0).nodeId()).key().sign(message);
    byte[] third = f.node(c.members().get(2).nodeId()).key().sign(message);
    // member 0's signature counted again in member 1's place
    Certificate dup = new Certificate(message, List.of(0, 1, 2),
        new CertificateSignature.Secp256k1Signatures(List.of(first, first, third)));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), dup)))
        .isInstanceOfSatisfying(InvalidCertificateException.class, e -> {
          assertThat(e.errorName()).isEqualTo("InvalidSignature");
          assertThat(e.arguments()).containsExactly("1");
        });
  }

  @Test
  void shouldRejectMalformedSignatures() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, false), 2));
    Certificate good = confirm(b, 8);
    CertificateSignature.Secp256k1Signatures sigs = (CertificateSignature.Secp256k1Signatures) good.signature();
    List<byte[]> list = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      list.add(sigs.signature(i));
    }
    byte[] high = list.get(0).clone();
    BigInteger n = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(high, 32, 64));
    byte[] flipped = org.web3j.utils.Numeric.toBytesPadded(n.subtract(s), 32);
    System.arraycopy(flipped, 0, high, 32, 32);
    high[64] = (byte) (high[64] == 27 ? 28 : 27);
    list.set(0, high);
    Certificate highS = new Certificate(good.message(), good.signerIndices(), new CertificateSignature.Secp256k1Signatures(list));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), highS)))
        .isInstanceOfSatisfying(InvalidCertificateException.class, e -> assertThat(e.errorName()).isEqualTo("HighSignatureS"));
    Certificate bls = new Certificate(good.message(), good.signerIndices(), new CertificateSignature.BlsAggregate(new byte[96]));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), bls)))
        .isInstanceOfSatisfying(InvalidCertificateException.class, e -> {
          assertThat(e.errorName()).isEqualTo("UnsupportedCertificateScheme");
          assertThat(e.arguments()).containsExactly("2");
        });
  }

  @Test
  void shouldRejectMessagesThatDoNotMatchTheBlob() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, true), 2));
    CommitteeInfo c = committee();
    byte[] permanent = new StorageConfirmation(epoch(), b.blobId(), BlobPersistence.PERMANENT).toBytes();
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(),
            ChainFixture.certificate(permanent, c, f.signersWithWeight(c, 8)))))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("InvalidMessage"));
    byte[] otherObject = new StorageConfirmation(epoch(), b.blobId(), BlobPersistence.deletable(new byte[32])).toBytes();
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(),
            ChainFixture.certificate(otherObject, c, f.signersWithWeight(c, 8)))))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("PersistenceMismatch"));
    byte[] otherBlob = new StorageConfirmation(epoch(), blob(100, true).blobId(),
        BlobPersistence.deletable(b.objectId().toBytes())).toBytes();
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(),
            ChainFixture.certificate(otherBlob, c, f.signersWithWeight(c, 8)))))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("MessageBlobIdMismatch"));
  }

  @Test
  void shouldRejectUnauthorizedCallers() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, true), 2));
    EvmControlPlane other = f.newAccount(TokenAmount.ofTokens(1_000));
    assertThatThrownBy(() -> Await.result(other.deleteBlob(b.objectId())))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("NotBlobOwner"));
    StorageResource s = Await.result(client.reserveSpace(1 << 20, 1));
    assertThatThrownBy(() -> Await.result(other.registerBlob(s.id(), blob(10, false))))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("NotStorageOwner"));
    assertThatThrownBy(() -> Await.result(other.epochSyncDone(epoch())))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("NotInCommittee"));
    try (EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(3))) {
      FloeSystem system = FloeSystem.load(f.deployment.contracts().system().toHex(), chain.web3j, chain.calls,
          new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
      assertThatThrownBy(() -> Await.result(chain.send(f.deployment.contracts().system().toHex(),
              system.onEpochChange(BigInteger.valueOf(99)), "onEpochChange")))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.errorName()).isEqualTo("OnlyStaking"));
      assertThatThrownBy(() -> Await.result(chain.send(f.deployment.contracts().system().toHex(),
              system.setPrices(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO), "setPrices")))
          .isInstanceOf(UnauthorizedException.class);
    }
  }

  @Test
  void shouldDeleteDeletableBlobAndReturnItsStorage() {
    BlobRegistration r = blob(2_000, true);
    BlobObject b = Await.result(client.reserveAndRegisterBlob(r, 2));
    Await.result(client.certifyBlob(b.objectId(), confirm(b, 7)));
    assertThat(Await.result(client.blobStatus(r.blobId())))
        .isEqualTo(new BlobStatus.Deletable(java.util.OptionalInt.of(epoch()), new BlobStatus.DeletableCounts(1, 1)));
    assertThat(Await.result(client.isAvailable(r.blobId(), epoch()))).as("deletable blobs guarantee nothing").isFalse();
    StorageResource back = Await.result(client.deleteBlob(b.objectId()));
    assertThat(back.id()).isEqualTo(b.storageId());
    assertThat(back.inUse()).isFalse();
    assertThat(Await.result(client.blob(b.objectId())).orElseThrow().deleted()).isTrue();
    assertThat(Await.result(client.blobStatus(r.blobId()))).as("no live registration left").isEqualTo(new BlobStatus.Nonexistent());
    assertThatThrownBy(() -> Await.result(client.deleteBlob(b.objectId())))
        .isInstanceOf(dev.floe.controlplane.BlobNotRegisteredException.class);
    BlobObject reused = Await.result(client.registerBlob(back.id(), blob(1_000, false)));
    assertThat(reused.storageId()).isEqualTo(back.id());
    BlobObject permanent = Await.result(client.reserveAndRegisterBlob(blob(10, false), 1));
    assertThatThrownBy(() -> Await.result(client.deleteBlob(permanent.objectId())))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobNotDeletable"));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(ObjectId.of(new byte[32]), confirm(b, 7))))
        .isInstanceOf(dev.floe.controlplane.BlobNotRegisteredException.class);
  }

  @Test
  void shouldExtendCertifiedBlobAndCharge() {
    BlobRegistration r = blob(1_500_000, false);
    BlobObject b = Await.result(client.reserveAndRegisterBlob(r, 2));
    assertThatThrownBy(() -> Await.result(client.extendBlob(b.objectId(), 1)))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobNotCertified"));
    Await.result(client.certifyBlob(b.objectId(), confirm(b, 7)));
    TokenAmount before = Await.result(client.balanceOf(client.account()));
    Prices prices = Await.result(client.prices());
    BlobObject extended = Await.result(client.extendBlob(b.objectId(), 3));
    assertThat(extended.endEpoch()).isEqualTo(b.endEpoch() + 3);
    TokenAmount after = Await.result(client.balanceOf(client.account()));
    assertThat(before.units().subtract(after.units())).isEqualTo(prices.reservationCost(b.storageSize(), 3).units());
    assertThat(Await.result(client.isAvailable(r.blobId(), b.endEpoch() + 2))).isTrue();
    assertThatThrownBy(() -> Await.result(client.extendBlob(b.objectId(), 100)))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("InvalidEpochs"));
  }

  @Test
  void shouldInvalidateBlobIdWithValidityWeight() {
    BlobRegistration r = blob(777, false);
    BlobObject b = Await.result(client.reserveAndRegisterBlob(r, 2));
    Await.result(client.certifyBlob(b.objectId(), confirm(b, 7)));
    CommitteeInfo c = committee();
    byte[] message = new InvalidBlobIdMessage(epoch(), r.blobId()).toBytes();
    assertThatThrownBy(() -> Await.result(client.invalidateBlobId(
            ChainFixture.certificate(message, c, f.signersWithWeight(c, 3)))))
        .isInstanceOfSatisfying(InsufficientQuorumException.class, e -> assertThat(e.required()).isEqualTo(4));
    Await.result(client.invalidateBlobId(ChainFixture.certificate(message, c, f.signersWithWeight(c, 4))));
    assertThat(Await.result(client.blobStatus(r.blobId()))).isEqualTo(new BlobStatus.Invalid());
    assertThat(Await.result(client.isAvailable(r.blobId(), epoch()))).isFalse();
    // idempotent, and the ID can no longer be registered
    Await.result(client.invalidateBlobId(ChainFixture.certificate(message, c, f.signersWithWeight(c, 4))));
    assertThatThrownBy(() -> Await.result(client.reserveAndRegisterBlob(r, 1)))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobIdInvalidated"));
  }

  @Test
  void shouldRefuseToExtendAnInvalidatedBlobIdOrBeyondTheEpochRange() {
    BlobRegistration r = blob(4_321, false);
    BlobObject b = Await.result(client.reserveAndRegisterBlob(r, 3));
    Await.result(client.certifyBlob(b.objectId(), confirm(b, 7)));
    try (EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(3))) {
      FloeSystem system = FloeSystem.load(f.deployment.contracts().system().toHex(), chain.web3j, chain.calls,
          new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
      // a u32 extension that wraps around must get the range error, not an arithmetic panic
      assertThatThrownBy(() -> Await.result(chain.send(f.deployment.contracts().system().toHex(),
              system.extendBlob(b.objectId().toBytes(), BigInteger.TWO.pow(32).subtract(BigInteger.ONE)), "extendBlob")))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("InvalidEpochs"));
    }
    CommitteeInfo c = committee();
    byte[] message = new InvalidBlobIdMessage(epoch(), r.blobId()).toBytes();
    Await.result(client.invalidateBlobId(ChainFixture.certificate(message, c, f.signersWithWeight(c, 4))));
    TokenAmount before = Await.result(client.balanceOf(client.account()));
    assertThatThrownBy(() -> Await.result(client.extendBlob(b.objectId(), 2)))
        .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobIdInvalidated"));
    assertThat(Await.result(client.balanceOf(client.account()))).as("nothing charged").isEqualTo(before);
    assertThat(Await.result(client.blob(b.objectId())).orElseThrow().endEpoch()).isEqualTo(b.endEpoch());
  }

  @Test
  void shouldReportMissingFundsAndCapacityAsTypedExceptions() {
    EvmControlPlane broke = f.newAccount(TokenAmount.ZERO);
    assertThatThrownBy(() -> Await.result(broke.reserveAndRegisterBlob(blob(1_000, false), 2)))
        .isInstanceOfSatisfying(InsufficientFundsException.class,
            e -> assertThat(e.errorName()).isEqualTo("InsufficientBalance"));
    Prices prices = Await.result(client.prices());
    assertThatThrownBy(() -> Await.result(client.reserveSpace(prices.capacityBytes() - prices.usedCapacityBytes() + 1, 1)))
        .isInstanceOf(InsufficientCapacityException.class);
  }

  @Test
  void shouldRefuseArgumentsThatDoNotFitTheContractTypesBeforeSending() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(100, false), 2));
    long block = f.anvil.blockNumber();
    assertThatThrownBy(() -> client.extendBlob(b.objectId(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("additional epochs").hasMessageContaining("-1");
    assertThatThrownBy(() -> client.reserveSpace(-5, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encoded size");
    assertThatThrownBy(() -> client.reserveAndRegisterBlob(blob(10, false), -2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs ahead");
    assertThatThrownBy(() -> client.isAvailable(b.blobId(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("until epoch");
    assertThatThrownBy(() -> client.epochSyncDone(-3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.setCommission(70_000)).isInstanceOf(IllegalArgumentException.class);
    assertThat(f.anvil.blockNumber()).as("nothing was sent").isEqualTo(block);
  }

  @Test
  void shouldReportFailedReceiptsWithTheSameTypedExceptions() {
    // with a fixed gas limit nothing is estimated: anvil mines the refused transaction with status 0
    EvmControlPlane fixedGas = EvmControlPlane.connect(f.config.withGasLimit(2_000_000), f.deployment, EvmAccount.devAccount(4));
    try {
      Await.result(f.admin.transfer(fixedGas.account(), TokenAmount.ofTokens(1_000)));
      BlobObject b = Await.result(fixedGas.reserveAndRegisterBlob(blob(100, false), 2));
      Certificate cert = confirm(b, 7);
      Await.result(fixedGas.certifyBlob(b.objectId(), cert));
      long blockBefore = f.anvil.blockNumber();
      assertThatThrownBy(() -> Await.result(fixedGas.certifyBlob(b.objectId(), cert)))
          .isInstanceOf(BlobAlreadyCertifiedException.class);
      assertThat(f.anvil.blockNumber()).as("the failed transaction was mined").isEqualTo(blockBefore + 1);
      BlobObject second = Await.result(fixedGas.reserveAndRegisterBlob(blob(100, false), 2));
      assertThatThrownBy(() -> Await.result(fixedGas.certifyBlob(second.objectId(), confirm(second, 6))))
          .isInstanceOf(InsufficientQuorumException.class);
    } finally {
      fixedGas.close();
    }
  }

  @Test
  void shouldRejectReplayedCertificateAndExpiredStorage() {
    BlobObject b = Await.result(client.reserveAndRegisterBlob(blob(300, false), 3));
    Certificate old = confirm(b, 8);
    StorageResource shortLived = Await.result(client.reserveSpace(1 << 20, 1));
    BlobObject expiring = Await.result(client.reserveAndRegisterBlob(blob(300, false), 1));
    int e = epoch();
    f.advanceEpoch();
    assertThat(epoch()).isEqualTo(e + 1);
    assertThatThrownBy(() -> Await.result(client.certifyBlob(b.objectId(), old)))
        .isInstanceOfSatisfying(WrongEpochException.class, ex -> assertThat(ex.arguments())
            .containsExactly(Integer.toString(e), Integer.toString(e + 1)));
    Await.result(client.certifyBlob(b.objectId(), confirm(b, 7)));
    assertThatThrownBy(() -> Await.result(client.registerBlob(shortLived.id(), blob(10, false))))
        .isInstanceOfSatisfying(ExpiredException.class, ex -> assertThat(ex.errorName()).isEqualTo("StorageExpired"));
    assertThatThrownBy(() -> Await.result(client.certifyBlob(expiring.objectId(), confirm(expiring, 8))))
        .isInstanceOfSatisfying(ExpiredException.class, ex -> assertThat(ex.errorName()).isEqualTo("BlobExpired"));
  }
}
