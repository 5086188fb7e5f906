package dev.floe.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BlobMetadataProperties {

  @Property(tries = 200)
  void bcsRoundTripIsIdentityAndVerifies(
      @ForAll @IntRange(min = 4, max = 40) int n, @ForAll @LongRange(min = 0, max = 1L << 40) long length, @ForAll long seed) {
    BlobMetadata m = BlobMetadataTest.randomMetadata(new Random(seed), n, length);
    assertThat(BlobMetadata.fromBcs(m.toBcs())).isEqualTo(m);
    BlobMetadataWithId withId = new BlobMetadataWithId(m.computeBlobId(), m);
    assertThat(BlobMetadataWithId.fromBcs(withId.toBcs())).isEqualTo(withId);
    EncodingConfig config = new EncodingConfig(n);
    if (length <= config.maxBlobSize()) {
      assertThat(withId.verify(config).metadata()).isEqualTo(m);
    }
  }

  @Property(tries = 200)
  void blobIdIsDeterministicAndSensitiveToEveryByteOfTheHashes(
      @ForAll @IntRange(min = 4, max = 20) int n, @ForAll long seed, @ForAll @IntRange(min = 0, max = 10_000) int position) {
    BlobMetadata m = BlobMetadataTest.randomMetadata(new Random(seed), n, 5);
    byte[] bcs = m.toBcs();
    assertThat(BlobMetadata.fromBcs(bcs).computeBlobId()).isEqualTo(m.computeBlobId());
    // flip a byte inside some digest (digests start after the V1 tag, type, length, count and a variant byte)
    int pair = position % n;
    int inPair = (position / n) % 64;
    int offset = 1 + 1 + 8 + 1 + pair * 66 + (inPair < 32 ? 1 + inPair : 2 + inPair);
    bcs[offset] ^= 1;
    assertThat(BlobMetadata.fromBcs(bcs).computeBlobId()).isNotEqualTo(m.computeBlobId());
  }

  @Property(tries = 200)
  void truncatedOrExtendedBcsIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int cut) {
    BlobMetadata m = BlobMetadataTest.randomMetadata(new Random(seed), 5, 77);
    byte[] bcs = new BlobMetadataWithId(m.computeBlobId(), m).toBcs();
    assertThatThrownBy(() -> BlobMetadataWithId.fromBcs(Arrays.copyOf(bcs, Math.max(0, bcs.length - cut))))
        .isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> BlobMetadataWithId.fromBcs(Arrays.copyOf(bcs, bcs.length + 1 + cut % 3)))
        .isInstanceOf(BcsException.class);
  }

  @Property(tries = 300)
  void mutatedBcsEitherFailsWithInvalidDataOrFailsVerification(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int position, @ForAll @IntRange(min = 1, max = 255) int xor) {
    BlobMetadata m = BlobMetadataTest.randomMetadata(new Random(seed), 5, 77);
    BlobMetadataWithId withId = new BlobMetadataWithId(m.computeBlobId(), m);
    byte[] bcs = withId.toBcs();
    bcs[position % bcs.length] ^= (byte) xor;
    try {
      BlobMetadataWithId decoded = BlobMetadataWithId.fromBcs(bcs);
      decoded.verify(new EncodingConfig(5));
      // a mutation may only survive verification if it changed nothing observable
      assertThat(decoded).isEqualTo(withId);
    } catch (InvalidDataException expected) {
      // rejected as it must be
    }
  }
}
