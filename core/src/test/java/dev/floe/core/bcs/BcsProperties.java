package dev.floe.core.bcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.BcsException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class BcsProperties {

  @Property
  void uleb128RoundTripsAndIsMinimal(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long value) {
    byte[] bytes = new BcsWriter().writeUleb128(value).toByteArray();
    int minimal = value == 0 ? 1 : (64 - Long.numberOfLeadingZeros(value) + 6) / 7;
    assertThat(bytes).hasSize(minimal);
    assertThat(BcsReader.decode(bytes, BcsReader::readUleb128)).isEqualTo(value);
  }

  @Property
  void integersRoundTrip(
      @ForAll @IntRange(min = 0, max = 255) int u8,
      @ForAll @IntRange(min = 0, max = 65535) int u16,
      @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long u32,
      @ForAll long u64,
      @ForAll boolean flag) {
    byte[] bytes = new BcsWriter().writeU8(u8).writeU16(u16).writeU32(u32).writeU64(u64).writeBool(flag).toByteArray();
    assertThat(bytes).hasSize(16);
    BcsReader r = new BcsReader(bytes);
    assertThat(r.readU8()).isEqualTo(u8);
    assertThat(r.readU16()).isEqualTo(u16);
    assertThat(r.readU32()).isEqualTo(u32);
    assertThat(r.readU64()).isEqualTo(u64);
    assertThat(r.readBool()).isEqualTo(flag);
    r.finish();
  }

  @Property
  void compositeValuesRoundTrip(
      @ForAll @Size(max = 300) byte[] bytes,
      @ForAll @Size(max = 40) String text,
      @ForAll @Size(max = 50) List<@IntRange(min = 0, max = 65535) Integer> shorts,
      @ForAll Optional<Long> maybe) {
    BcsWriter w = new BcsWriter();
    w.writeBytes(bytes).writeString(text).writeVector(shorts, BcsWriter::writeU16).writeOption(maybe, BcsWriter::writeU64);
    byte[] encoded = w.toByteArray();
    BcsReader r = new BcsReader(encoded);
    assertThat(r.readBytes()).isEqualTo(bytes);
    assertThat(r.readString()).isEqualTo(text);
    assertThat(r.readVector(2, BcsReader::readU16)).isEqualTo(shorts);
    assertThat(r.readOption(BcsReader::readU64)).isEqualTo(maybe);
    r.finish();
  }

  @Property
  void anyStrictPrefixOfAValueIsRejected(@ForAll @Size(min = 1, max = 100) byte[] bytes, @ForAll @IntRange(min = 1, max = 200) int cut) {
    byte[] encoded = new BcsWriter().writeBytes(bytes).writeU64(bytes.length).toByteArray();
    byte[] prefix = Arrays.copyOf(encoded, Math.max(0, encoded.length - cut));
    assertThatThrownBy(
            () -> BcsReader.decode(prefix, r -> {
              r.readBytes();
              return r.readU64();
            }))
        .isInstanceOf(BcsException.class);
  }

  @Property
  void randomInputToEveryReaderMethodOnlyRaisesBcsException(@ForAll @Size(max = 64) byte[] input, @ForAll @IntRange(min = 0, max = 11) int method) {
    try {
      BcsReader.decode(
          input,
          r -> switch (method) {
            case 0 -> r.readU8();
            case 1 -> r.readU16();
            case 2 -> r.readU32();
            case 3 -> r.readU64();
            case 4 -> r.readBool();
            case 5 -> r.readUleb128();
            case 6 -> r.readBytes();
            case 7 -> r.readString();
            case 8 -> r.readVector(BcsReader::readBytes);
            case 9 -> r.readOption(BcsReader::readString);
            case 10 -> r.readEnumIndex(3, "e");
            default -> r.readFixedBytes(32);
          });
    } catch (BcsException expected) {
      // fine: the only exception a reader may raise
    }
  }
}
