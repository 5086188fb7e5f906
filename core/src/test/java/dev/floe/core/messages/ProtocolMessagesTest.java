package dev.floe.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProtocolMessagesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BlobId BLOB = BlobId.parseHex("07".repeat(32));

  @Test
  void shouldLayOutAPermanentStorageConfirmationIn40Bytes() {
    byte[] bytes = new StorageConfirmation(0x01020304L, BLOB, BlobPersistence.PERMANENT).toBytes();
    assertThat(bytes).hasSize(40);
    assertThat(HEX.formatHex(bytes)).isEqualTo("010003" + "04030201" + "07".repeat(32) + "00");
    assertThat(StorageConfirmation.parse(bytes))
        .isEqualTo(new StorageConfirmation(0x01020304L, BLOB, BlobPersistence.PERMANENT));
  }

  @Test
  void shouldLayOutADeletableStorageConfirmation() {
    byte[] objectId = HEX.parseHex("ab".repeat(32));
    StorageConfirmation c = new StorageConfirmation(9, BLOB, BlobPersistence.deletable(objectId));
    byte[] bytes = c.toBytes();
    assertThat(HEX.formatHex(bytes)).isEqualTo("010003" + "09000000" + "07".repeat(32) + "01" + "ab".repeat(32));
    assertThat(StorageConfirmation.parse(bytes)).isEqualTo(c);
  }

  @Test
  void shouldLayOutTheOtherMessages() {
    assertThat(HEX.formatHex(new InvalidBlobIdMessage(5, BLOB).toBytes()))
        .isEqualTo("020003" + "05000000" + "07".repeat(32));

    byte[] address = HEX.parseHex("11".repeat(20));
    byte[] publicKey = HEX.parseHex("22".repeat(64));
    assertThat(HEX.formatHex(new ProofOfPossessionMessage(1, address, publicKey).toBytes()))
        .isEqualTo("000003" + "01000000" + "00".repeat(12) + "11".repeat(20) + "22".repeat(64));

    SyncShardRequest sync = new SyncShardRequest(8, 0x0102, SliverType.SECONDARY, BLOB, 300);
    assertThat(HEX.formatHex(sync.toBytes()))
        .isEqualTo("030003" + "08000000" + "00" + "0201" + "01" + "07".repeat(32) + "2c01000000000000" + "08000000");
  }

  @Test
  void shouldLayOutAChallengeFailureWithItsPaddedNodeId() {
    byte[] node = HEX.parseHex("5a".repeat(20));
    ChallengeFailureMessage m = new ChallengeFailureMessage(7, node);
    assertThat(HEX.formatHex(m.toBytes())).isEqualTo("100003" + "07000000" + "00".repeat(12) + "5a".repeat(20));
    assertThat(ChallengeFailureMessage.parse(m.toBytes())).isEqualTo(m);
    byte[] padded = m.toBytes();
    padded[8] = 1;
    assertThatThrownBy(() -> ChallengeFailureMessage.parse(padded)).isInstanceOf(BcsException.class)
        .hasMessageContaining("padding");
    assertThatThrownBy(() -> ChallengeFailureMessage.parse(new InvalidBlobIdMessage(7, BLOB).toBytes()))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> new ChallengeFailureMessage(7, new byte[32])).isInstanceOf(InvalidSizeException.class);
  }

  @Test
  void shouldRoundTripEveryMessage() {
    ProofOfPossessionMessage pop = new ProofOfPossessionMessage(3, new byte[20], new byte[64]);
    assertThat(ProofOfPossessionMessage.parse(pop.toBytes())).isEqualTo(pop);
    InvalidBlobIdMessage invalid = new InvalidBlobIdMessage(0xFFFF_FFFFL, BLOB);
    assertThat(InvalidBlobIdMessage.parse(invalid.toBytes())).isEqualTo(invalid);
    SyncShardRequest sync = new SyncShardRequest(2, 999, SliverType.PRIMARY, BLOB, 10);
    assertThat(SyncShardRequest.parse(sync.toBytes())).isEqualTo(sync);
  }

  @Test
  void shouldRejectAnotherIntentVersionOrAppId() {
    byte[] invalid = new InvalidBlobIdMessage(5, BLOB).toBytes();
    byte[] confirmation = Arrays.copyOf(invalid, 40);
    confirmation[0] = 1;
    assertThatThrownBy(() -> InvalidBlobIdMessage.parse(confirmation))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("intent type BLOB_CERTIFICATION, expected INVALID_BLOB_ID");
    assertThatThrownBy(() -> StorageConfirmation.parse(invalid))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("expected BLOB_CERTIFICATION");
    byte[] version = invalid.clone();
    version[1] = 1;
    assertThatThrownBy(() -> InvalidBlobIdMessage.parse(version))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("intent version 1");
    byte[] app = invalid.clone();
    app[2] = 0;
    assertThatThrownBy(() -> InvalidBlobIdMessage.parse(app))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("app id 0");
    byte[] unknown = invalid.clone();
    unknown[0] = 42;
    assertThatThrownBy(() -> InvalidBlobIdMessage.parse(unknown))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("unknown (42)");
  }

  @Test
  void shouldRejectMalformedBodies() {
    byte[] permanent = new StorageConfirmation(1, BLOB, BlobPersistence.PERMANENT).toBytes();
    assertThatThrownBy(() -> StorageConfirmation.parse(Arrays.copyOf(permanent, 41)))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("trailing");
    byte[] badPersistence = permanent.clone();
    badPersistence[39] = 2;
    assertThatThrownBy(() -> StorageConfirmation.parse(badPersistence))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("blob persistence variant 2");
    byte[] deletableWithoutId = permanent.clone();
    deletableWithoutId[39] = 1;
    assertThatThrownBy(() -> StorageConfirmation.parse(deletableWithoutId))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("truncated");

    byte[] pop = new ProofOfPossessionMessage(1, new byte[20], new byte[64]).toBytes();
    pop[7] = 1;
    assertThatThrownBy(() -> ProofOfPossessionMessage.parse(pop))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("padding");

    byte[] sync = new SyncShardRequest(8, 1, SliverType.PRIMARY, BLOB, 1).toBytes();
    byte[] otherEpoch = sync.clone();
    otherEpoch[otherEpoch.length - 4] = 9;
    assertThatThrownBy(() -> SyncShardRequest.parse(otherEpoch))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("differs from header epoch");
    byte[] badType = sync.clone();
    badType[10] = 2;
    assertThatThrownBy(() -> SyncShardRequest.parse(badType))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("sliver type variant 2");
    byte[] badVersion = sync.clone();
    badVersion[7] = 1;
    assertThatThrownBy(() -> SyncShardRequest.parse(badVersion)).isInstanceOf(BcsException.class);
  }

  @Test
  void shouldRejectOutOfRangeFields() {
    assertThatThrownBy(() -> new InvalidBlobIdMessage(1L << 32, BLOB)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> new SyncShardRequest(1, 65536, SliverType.PRIMARY, BLOB, 1))
        .isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> BlobPersistence.deletable(new byte[31])).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> new ProofOfPossessionMessage(1, new byte[32], new byte[64]))
        .isInstanceOf(InvalidSizeException.class);
  }

  @Test
  void shouldSignAndCheckSignedMessages() {
    ProtocolKeyPair key = ProtocolKeyPair.fromPrivateKey(HEX.parseHex("01".repeat(32)));
    ProtocolKeyPair other = ProtocolKeyPair.fromPrivateKey(HEX.parseHex("02".repeat(32)));
    StorageConfirmation confirmation = new StorageConfirmation(4, BLOB, BlobPersistence.PERMANENT);
    SignedMessage signed = SignedMessage.sign(confirmation, key);
    assertThat(signed.message()).isEqualTo(confirmation.toBytes());
    assertThat(signed.recoverSigner()).isEqualTo(key.address());
    assertThat(signed.isSignedBy(key.address())).isTrue();
    assertThat(signed.isSignedBy(other.address())).isFalse();
    signed.checkSignedBy(key.address());
    assertThatThrownBy(() -> signed.checkSignedBy(other.address()))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("expected " + other.addressHex());
    assertThat(SignedMessage.fromBcs(signed.toBcs())).isEqualTo(signed);
    assertThat(StorageConfirmation.parse(SignedMessage.fromBcs(signed.toBcs()).message())).isEqualTo(confirmation);
  }

  @Test
  void shouldRejectAnOversizedSignatureInBcs() {
    byte[] bcs = new SignedMessage(new byte[] {1}, new byte[96]).toBcs();
    assertThat(SignedMessage.fromBcs(bcs).signature()).hasSize(96);
    byte[] tooLong = new byte[2 + 1 + 97];
    tooLong[0] = 1;
    tooLong[1] = 1;
    tooLong[2] = 97;
    assertThatThrownBy(() -> SignedMessage.fromBcs(tooLong))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("at most 96");
  }

  @Test
  void shouldExposeTheIntentOfEachMessage() {
    assertThat(new InvalidBlobIdMessage(1, BLOB).intent()).isEqualTo(new Intent(IntentType.INVALID_BLOB_ID, 0, 3));
    assertThat(new StorageConfirmation(1, BLOB, BlobPersistence.PERMANENT).intent().type())
        .isEqualTo(IntentType.BLOB_CERTIFICATION);
    assertThat(IntentType.fromCode(6)).isEqualTo(IntentType.PROTOCOL_VERSION);
    assertThatThrownBy(() -> IntentType.fromCode(7)).isInstanceOf(InvalidSignatureException.class);
  }
}
