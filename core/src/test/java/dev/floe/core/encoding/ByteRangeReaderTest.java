package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteRangeReaderTest {
  @Test
  void readsAnyRangeFromJustTheSystematicSliversThatHoldIt() {
    EncodingConfig config = new EncodingConfig(13);
    byte[] blob = RedStuffEncoderTest.random(123_457, 8);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    ByteRangeReader reader = new ByteRangeReader(config, e.metadata());
    long rowBytes = (long) config.secondarySourceSymbols() * config.symbolSize(blob.length);
    Random random = new Random(1);
    for (int i = 0; i < 50; i++) {
      long a = random.nextInt(blob.length + 1);
      long b = a + random.nextInt((int) (blob.length - a) + 1);
      ByteRangeReader.SliverSpan span = reader.slivers(a, b);
      if (a < b) {
        assertThat(span.first()).isEqualTo((int) (a / rowBytes));
        assertThat(span.end() - 1).isEqualTo((int) ((b - 1) / rowBytes));
      } else {
        assertThat(span.count()).isZero();
      }
      List<SliverData> needed = new ArrayList<>();
      for (int r = span.first(); r < span.end(); r++) {
        needed.add(e.primary(r));
      }
      needed.add(e.primary(12)); // unrelated slivers are ignored
      assertThat(reader.extract(needed, a, b)).isEqualTo(Arrays.copyOfRange(blob, (int) a, (int) b));
    }
    assertThat(reader.slivers(0, blob.length)).isEqualTo(new ByteRangeReader.SliverSpan(0, config.primarySourceSymbols()));
  }

  @Test
  void rejectsBadRangesMissingAndForgedSlivers() {
    EncodingConfig config = new EncodingConfig(7);
    byte[] blob = RedStuffEncoderTest.random(1000, 9);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    ByteRangeReader reader = new ByteRangeReader(config, e.metadata());
    assertThatThrownBy(() -> reader.slivers(-1, 3)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> reader.slivers(5, 4)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> reader.slivers(0, 1001)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("1000 bytes");
    assertThatThrownBy(() -> reader.extract(List.of(e.primary(0)), 0, 1000))
        .isInstanceOf(NotEnoughSymbolsException.class)
        .hasMessageContaining("primary sliver 1");
    List<SliverData> forged = List.of(Tampering.flip(e.primary(0), 0));
    assertThatThrownBy(() -> reader.extract(forged, 0, 10)).isInstanceOf(HashMismatchException.class);
  }
}
