package dev.floe.core.bcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.BcsException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BcsTest {
  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void shouldEncodeIntegersLittleEndianWithFixedWidth() {
    byte[] bytes =
        new BcsWriter()
            .writeU8(0xab)
            .writeU16(0x1234)
            .writeU32(0xdeadbeefL)
            .writeU64(0x0102030405060708L)
            .writeBool(true)
            .writeBool(false)
            .toByteArray();
    assertThat(bytes).isEqualTo(hex("ab" + "3412" + "efbeadde" + "0807060504030201" + "01" + "00"));
    BcsReader r = new BcsReader(bytes);
    assertThat(r.readU8()).isEqualTo(0xab);
    assertThat(r.readU16()).isEqualTo(0x1234);
    assertThat(r.readU32()).isEqualTo(0xdeadbeefL);
    assertThat(r.readU64()).isEqualTo(0x0102030405060708L);
    assertThat(r.readBool()).isTrue();
    assertThat(r.readBool()).isFalse();
    r.finish();
  }

  @Test
  void shouldEncodeUleb128AsBcsSpecifies() {
    // values and encodings from the BCS specification's ULEB128 table
    long[] values = {0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 0xFFFF_FFFFL};
    String[] encodings = {
      "00", "01", "7f", "8001", "ff7f", "808001", "ffff7f", "80808001", "ffffff7f", "8080808001", "ffffffff0f"
    };
    for (int i = 0; i < values.length; i++) {
      byte[] bytes = new BcsWriter().writeUleb128(values[i]).toByteArray();
      assertThat(HexFormat.of().formatHex(bytes)).as("%d", values[i]).isEqualTo(encodings[i]);
      assertThat(BcsReader.decode(bytes, BcsReader::readUleb128)).isEqualTo(values[i]);
    }
  }

  @Test
  void shouldRejectNonCanonicalAndOversizedUleb128() {
    assertThatThrownBy(() -> BcsReader.decode(hex("8000"), BcsReader::readUleb128))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("non-canonical");
    assertThatThrownBy(() -> BcsReader.decode(hex("ffffffff1f"), BcsReader::readUleb128))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("exceeds u32");
    assertThatThrownBy(() -> BcsReader.decode(hex("8080808080"), BcsReader::readUleb128))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("longer than 5 bytes");
    assertThatThrownBy(() -> BcsReader.decode(hex("80"), BcsReader::readUleb128))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> new BcsWriter().writeUleb128(1L << 32)).isInstanceOf(BcsException.class);
  }

  @Test
  void shouldRoundTripSequencesStringsAndOptions() {
    BcsWriter w = new BcsWriter(1);
    w.writeBytes(new byte[] {1, 2, 3});
    w.writeString("héllo");
    w.writeVector(List.of(1, 300, 65535), BcsWriter::writeU16);
    w.writeOption(Optional.of(7L), BcsWriter::writeU64);
    w.writeOption(Optional.<Long>empty(), BcsWriter::writeU64);
    w.writeFixedBytes(new byte[] {9, 9});
    w.writeEnumIndex(200);
    byte[] bytes = w.toByteArray();
    assertThat(bytes).startsWith(hex("03010203" + "06" + "68c3a96c6c6f" + "03" + "01002c01ffff" + "01" + "0700000000000000" + "00"));
    BcsReader r = new BcsReader(bytes);
    assertThat(r.readBytes()).containsExactly(1, 2, 3);
    assertThat(r.readString()).isEqualTo("héllo");
    assertThat(r.readVector(2, BcsReader::readU16)).containsExactly(1, 300, 65535);
    assertThat(r.readOption(BcsReader::readU64)).contains(7L);
    assertThat(r.readOption(BcsReader::readU64)).isEmpty();
    assertThat(r.readFixedBytes(2)).containsExactly(9, 9);
    assertThat(r.readEnumIndex(201, "test enum")).isEqualTo(200);
    assertThat(r.remaining()).isZero();
    r.finish();
  }

  @Test
  void shouldRejectInvalidBoolOptionEnumAndUtf8() {
    assertThatThrownBy(() -> BcsReader.decode(hex("02"), BcsReader::readBool))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("invalid bool byte 2 at offset 0");
    assertThatThrownBy(() -> BcsReader.decode(hex("02"), r -> r.readOption(BcsReader::readU8)))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("option tag 2");
    assertThatThrownBy(() -> BcsReader.decode(hex("03"), r -> r.readEnumIndex(3, "colour")))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("invalid colour variant 3");
    assertThatThrownBy(() -> BcsReader.decode(hex("02c328"), BcsReader::readString))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void shouldCheckLengthsAgainstRemainingInputBeforeAllocating() {
    // a 4-billion-byte length in five bytes must fail fast, not allocate
    assertThatThrownBy(() -> BcsReader.decode(hex("ffffffff0f00"), BcsReader::readBytes))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("exceeds the 1 bytes left");
    assertThatThrownBy(() -> BcsReader.decode(hex("0a0000"), r -> r.readVector(2, BcsReader::readU16)))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("vector length 10");
  }

  @Test
  void shouldRejectTruncatedAndTrailingInput() {
    assertThatThrownBy(() -> BcsReader.decode(hex("010203"), BcsReader::readU32))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("u32 needs 4 bytes at offset 0, 3 left");
    assertThatThrownBy(() -> BcsReader.decode(hex("0102"), BcsReader::readU8))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("1 trailing bytes");
    assertThatThrownBy(() -> BcsReader.decode(null, BcsReader::readU8)).isInstanceOf(BcsException.class);
  }

  @Test
  void shouldRejectValuesOutOfRangeForTheirWireType() {
    BcsWriter w = new BcsWriter();
    assertThatThrownBy(() -> w.writeU8(256)).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> w.writeU8(-1)).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> w.writeU16(65536)).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> w.writeU32(-1)).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> w.writeEnumIndex(-1)).isInstanceOf(BcsException.class);
    assertThat(w.size()).isZero();
  }

  @Test
  void shouldReadAWindowOfALargerArray() {
    byte[] data = hex("ff" + "0500" + "ff");
    BcsReader r = new BcsReader(data, 1, 2);
    assertThat(r.readU16()).isEqualTo(5);
    r.finish();
    assertThat(r.position()).isEqualTo(3);
  }
}
