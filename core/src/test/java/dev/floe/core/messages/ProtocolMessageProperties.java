package dev.floe.core.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InvalidDataException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ProtocolMessageProperties {

  @Provide
  Arbitrary<ProtocolMessage> messages() {
    Arbitrary<Long> epochs = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    Arbitrary<BlobId> ids = Arbitraries.bytes().array(byte[].class).ofSize(32).map(BlobId::of);
    Arbitrary<byte[]> objectIds = Arbitraries.bytes().array(byte[].class).ofSize(32);
    Arbitrary<BlobPersistence> persistence =
        Arbitraries.oneOf(Arbitraries.just(BlobPersistence.PERMANENT), objectIds.map(BlobPersistence::deletable));
    Arbitrary<ProtocolMessage> confirmations =
        Combinators.combine(epochs, ids, persistence).as(StorageConfirmation::new);
    Arbitrary<ProtocolMessage> invalid = Combinators.combine(epochs, ids).as(InvalidBlobIdMessage::new);
    Arbitrary<ProtocolMessage> pops =
        Combinators.combine(
                epochs,
                Arbitraries.bytes().array(byte[].class).ofSize(20),
                Arbitraries.bytes().array(byte[].class).ofSize(64))
            .as(ProofOfPossessionMessage::new);
    Arbitrary<ProtocolMessage> syncs =
        Combinators.combine(
                epochs,
                Arbitraries.integers().between(0, 65535),
                Arbitraries.of(SliverType.class),
                ids,
                Arbitraries.longs().greaterOrEqual(0))
            .as(SyncShardRequest::new);
    return Arbitraries.oneOf(confirmations, invalid, pops, syncs);
  }

  private static Function<byte[], ProtocolMessage> parserOf(ProtocolMessage m) {
    return switch (m) {
      case StorageConfirmation c -> StorageConfirmation::parse;
      case InvalidBlobIdMessage i -> InvalidBlobIdMessage::parse;
      case ProofOfPossessionMessage p -> ProofOfPossessionMessage::parse;
      case SyncShardRequest s -> SyncShardRequest::parse;
      default -> throw new AssertionError(m);
    };
  }

  @Property(tries = 400)
  void parseOfToBytesIsIdentity(@ForAll("messages") ProtocolMessage message) {
    byte[] bytes = message.toBytes();
    assertThat(parserOf(message).apply(bytes)).isEqualTo(message);
    assertThat(bytes[0]).isEqualTo((byte) message.intent().type().code());
  }

  @Property(tries = 400)
  void truncatedOrExtendedBytesAreRejected(
      @ForAll("messages") ProtocolMessage message, @ForAll @IntRange(min = 1, max = 120) int cut) {
    byte[] bytes = message.toBytes();
    Function<byte[], ProtocolMessage> parse = parserOf(message);
    assertThatThrownBy(() -> parse.apply(Arrays.copyOf(bytes, Math.max(0, bytes.length - cut))))
        .isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> parse.apply(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(InvalidDataException.class);
  }

  @Property(tries = 400)
  void aMessageNeverParsesAsAnotherIntent(@ForAll("messages") ProtocolMessage message) {
    byte[] bytes = message.toBytes();
    List<Function<byte[], ProtocolMessage>> parsers =
        List.of(StorageConfirmation::parse, InvalidBlobIdMessage::parse, ProofOfPossessionMessage::parse, SyncShardRequest::parse);
    for (Function<byte[], ProtocolMessage> parser : parsers) {
      try {
        ProtocolMessage parsed = parser.apply(bytes);
        assertThat(parsed.getClass()).isEqualTo(message.getClass());
      } catch (InvalidDataException expected) {
        // other intents are refused
      }
    }
  }
}
