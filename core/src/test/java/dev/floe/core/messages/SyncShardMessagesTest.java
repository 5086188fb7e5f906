package dev.floe.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSignatureException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SyncShardMessagesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BlobId A = BlobId.parseHex("01".repeat(32));
  private static final BlobId B = BlobId.parseHex("02".repeat(32));
  private static final ProtocolKeyPair KEY = ProtocolKeyPair.fromPrivateKey(HEX.parseHex("11".repeat(32)));

  @Test
  void aSignedRequestRoundTripsAndRecoversTheSignersPublicKey() {
    SyncShardRequest request = new SyncShardRequest(7, 3, SliverType.SECONDARY, A, 50);
    SignedSyncShardRequest signed = SignedSyncShardRequest.sign(request, KEY);
    byte[] bcs = signed.toBcs();
    // Vec<u8> of the 55-byte message, then Vec<u8> of the 65-byte signature
    assertThat(bcs).hasSize(1 + 55 + 1 + 65);
    assertThat(bcs[0]).isEqualTo((byte) 55);
    assertThat(Arrays.copyOfRange(bcs, 1, 56)).isEqualTo(request.toBytes());

    SignedSyncShardRequest parsed = SignedSyncShardRequest.fromBcs(bcs);
    assertThat(parsed).isEqualTo(signed);
    assertThat(parsed.request()).isEqualTo(request);
    assertThat(parsed.recoverPublicKey()).isEqualTo(KEY.publicKey());
    assertThat(parsed.isSignedBy(KEY.publicKey())).isTrue();
    assertThat(parsed.isSignedBy(ProtocolKeyPair.generate(new SecureRandom()).publicKey())).isFalse();
  }

  @Test
  void aTamperedRequestRecoversAnotherKeyAndAMalformedSignatureIsRefused() {
    SignedSyncShardRequest signed = SignedSyncShardRequest.sign(new SyncShardRequest(7, 3, SliverType.PRIMARY, A, 5), KEY);
    byte[] message = signed.signed().message();
    message[9] ^= 1; // another shard index, same signature
    SignedSyncShardRequest tampered = SignedSyncShardRequest.fromBcs(new SignedMessage(message, signed.signed().signature()).toBcs());
    assertThat(tampered.request().shardIndex()).isNotEqualTo(3);
    assertThat(tampered.isSignedBy(KEY.publicKey())).isFalse();

    byte[] badV = signed.signed().signature();
    badV[64] = 29;
    SignedSyncShardRequest malformed = SignedSyncShardRequest.fromBcs(new SignedMessage(signed.signed().message(), badV).toBcs());
    assertThatThrownBy(malformed::recoverPublicKey).isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("v must be 27 or 28");
    byte[] shortSig = Arrays.copyOf(signed.signed().signature(), 64);
    assertThatThrownBy(() -> SignedSyncShardRequest.fromBcs(new SignedMessage(signed.signed().message(), shortSig).toBcs())
        .recoverPublicKey()).isInstanceOf(InvalidSignatureException.class).hasMessageContaining("65 bytes");
  }

  @Test
  void malformedRequestBodiesAreRefusedWithTheReason() {
    byte[] bcs = SignedSyncShardRequest.sign(new SyncShardRequest(7, 3, SliverType.PRIMARY, A, 5), KEY).toBcs();
    assertThatThrownBy(() -> SignedSyncShardRequest.fromBcs(Arrays.copyOf(bcs, bcs.length - 1)))
        .isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> SignedSyncShardRequest.fromBcs(Arrays.copyOf(bcs, bcs.length + 1)))
        .isInstanceOf(BcsException.class).hasMessageContaining("trailing");
    byte[] confirmation = SignedMessage.sign(new StorageConfirmation(7, A, BlobPersistence.PERMANENT), KEY).toBcs();
    assertThatThrownBy(() -> SignedSyncShardRequest.fromBcs(confirmation))
        .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("expected SYNC_SHARD");
    byte[] otherEpoch = new SyncShardRequest(7, 3, SliverType.PRIMARY, A, 5).toBytes();
    otherEpoch[otherEpoch.length - 4] = 8; // body epoch 8, header epoch 7
    assertThatThrownBy(() -> SignedSyncShardRequest.fromBcs(new SignedMessage(otherEpoch, new byte[65]).toBcs()))
        .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("differs from header epoch");
    byte[] badType = new SyncShardRequest(7, 3, SliverType.PRIMARY, A, 5).toBytes();
    badType[10] = 2; // sliver type tag
    assertThatThrownBy(() -> SignedSyncShardRequest.fromBcs(new SignedMessage(badType, new byte[65]).toBcs()))
        .isInstanceOf(BcsException.class).hasMessageContaining("sliver type");
    SignedSyncShardRequest good = SignedSyncShardRequest.fromBcs(bcs);
    assertThatThrownBy(() -> new SignedSyncShardRequest(good.signed(), new SyncShardRequest(7, 4, SliverType.PRIMARY, A, 5)))
        .isInstanceOf(InvalidDataException.class);
  }

  @Test
  void aResponseRoundTripsWithItsLayout() {
    SliverData primary = SliverData.of(SliverType.PRIMARY, 4, 2, new byte[] {1, 2, 3, 4});
    SliverData secondary = SliverData.of(SliverType.SECONDARY, 9, 2, new byte[] {5, 6});
    SyncShardResponse r = new SyncShardResponse(List.of(new SyncShardResponse.Entry(A, primary),
        new SyncShardResponse.Entry(B, secondary)));
    byte[] bcs = r.toBcs();
    assertThat(HEX.formatHex(bcs)).isEqualTo("00" + "02"
        + "01".repeat(32) + "00" + "04" + "01020304" + "0200" + "0400"
        + "02".repeat(32) + "01" + "02" + "0506" + "0200" + "0900");
    assertThat(bcs).hasSize(SyncShardResponse.EMPTY_BCS_SIZE + r.entries().get(0).bcsSize() + r.entries().get(1).bcsSize());
    assertThat(SyncShardResponse.fromBcs(bcs)).isEqualTo(r);
    assertThat(new SyncShardResponse(List.of()).toBcs()).hasSize(SyncShardResponse.EMPTY_BCS_SIZE);
    assertThat(SyncShardResponse.fromBcs(new byte[] {0, 0}).entries()).isEmpty();
  }

  @Test
  void malformedResponsesAreRefused() {
    assertThatThrownBy(() -> SyncShardResponse.fromBcs(new byte[] {1, 0}))
        .isInstanceOf(BcsException.class).hasMessageContaining("SyncShardResponse version");
    assertThatThrownBy(() -> SyncShardResponse.fromBcs(new byte[] {0, 5}))
        .isInstanceOf(BcsException.class).hasMessageContaining("exceeds");
    BcsWriter w = new BcsWriter();
    w.writeEnumIndex(0).writeLength(1);
    A.writeBcs(w);
    w.writeEnumIndex(2).writeBytes(new byte[] {1, 2}).writeU16(2).writeU16(0);
    assertThatThrownBy(() -> SyncShardResponse.fromBcs(w.toByteArray()))
        .isInstanceOf(BcsException.class).hasMessageContaining("sliver type");
    BcsWriter odd = new BcsWriter();
    odd.writeEnumIndex(0).writeLength(1);
    A.writeBcs(odd);
    odd.writeEnumIndex(0).writeBytes(new byte[] {1, 2, 3}).writeU16(2).writeU16(0);
    assertThatThrownBy(() -> SyncShardResponse.fromBcs(odd.toByteArray()))
        .isInstanceOf(BcsException.class).hasMessageContaining("whole number");
  }

  @Property(tries = 200)
  void everyTruncationOfAResponseIsRefused(@ForAll @IntRange(min = 0, max = 5) int entries,
      @ForAll @IntRange(min = 1, max = 40) int cut, @ForAll long seed) {
    Random random = new Random(seed);
    List<SyncShardResponse.Entry> list = new java.util.ArrayList<>();
    for (int i = 0; i < entries; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      byte[] data = new byte[2 * random.nextInt(6)];
      random.nextBytes(data);
      SliverType type = random.nextBoolean() ? SliverType.PRIMARY : SliverType.SECONDARY;
      list.add(new SyncShardResponse.Entry(BlobId.of(id), SliverData.of(type, random.nextInt(1000), 2, data)));
    }
    byte[] bcs = new SyncShardResponse(list).toBcs();
    assertThat(SyncShardResponse.fromBcs(bcs).entries()).isEqualTo(list);
    byte[] truncated = Arrays.copyOf(bcs, Math.max(0, bcs.length - cut));
    assertThatThrownBy(() -> SyncShardResponse.fromBcs(truncated)).isInstanceOf(InvalidDataException.class);
  }
}
