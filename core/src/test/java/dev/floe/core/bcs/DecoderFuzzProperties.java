package dev.floe.core.bcs;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.merkle.MerkleProof;
import dev.floe.core.merkle.Node;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.ProofOfPossessionMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.core.messages.SyncShardRequest;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and half-valid byte strings fed to every decoder of the hash/merkle/bcs/blob/messages
 * packages may only raise {@link InvalidDataException} subclasses; any other exception (index out
 * of bounds, negative array size, arithmetic) fails the property.
 */
class DecoderFuzzProperties {
  private static final List<Consumer<byte[]>> DECODERS =
      List.of(
          Node::fromBcs,
          MerkleProof::fromBcs,
          BlobMetadata::fromBcs,
          BlobMetadataWithId::fromBcs,
          StorageConfirmation::parse,
          InvalidBlobIdMessage::parse,
          ProofOfPossessionMessage::parse,
          SyncShardRequest::parse,
          SignedMessage::fromBcs,
          Certificate::fromBcs,
          bytes -> BcsReader.decode(bytes, BlobId::readBcs));

  @Provide
  Arbitrary<byte[]> inputs() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    // inputs that begin like real values get past the first checks and exercise the deeper ones
    Arbitrary<byte[]> smallValues =
        Arbitraries.bytes().between((byte) 0, (byte) 4).array(byte[].class).ofMaxSize(120);
    Arbitrary<byte[]> headers =
        random.map(
            tail -> {
              byte[] out = new byte[tail.length + 7];
              out[0] = (byte) (tail.length % 4);
              out[2] = 3;
              System.arraycopy(tail, 0, out, 7, tail.length);
              return out;
            });
    return Arbitraries.oneOf(random, smallValues, headers);
  }

  @Property(tries = 3000)
  void everyDecoderRaisesOnlyInvalidData(@ForAll("inputs") byte[] input) {
    for (Consumer<byte[]> decoder : DECODERS) {
      try {
        decoder.accept(input);
      } catch (InvalidDataException expected) {
        // the one permitted failure
      }
    }
  }
}
