package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InconsistentEncodingException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedStuffDecoderTest {
  @ParameterizedTest(name = "n={0}, {1} bytes")
  @CsvSource({"4, 0", "4, 5", "7, 1", "10, 33", "13, 4097", "31, 100001", "100, 250000", "301, 70000"})
  void decodesFromAnySetOfPrimarySlivers(int n, int size) {
    EncodingConfig config = new EncodingConfig(n);
    byte[] blob = RedStuffEncoderTest.random(size, size * 7L + n);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    RedStuffDecoder decoder = new RedStuffDecoder(config);
    int k = config.primarySourceSymbols();
    Random random = new Random(n);
    List<SliverData> all = primaries(e, n);
    for (int round = 0; round < 3; round++) {
      Collections.shuffle(all, random);
      assertThat(decoder.decode(e.metadata(), all.subList(0, k))).isEqualTo(blob);
    }
    assertThat(decoder.decode(e.metadata(), primaries(e, n).subList(0, k))).as("systematic only").isEqualTo(blob);
    assertThat(decoder.decode(e.metadata(), primaries(e, n).subList(n - k, n))).as("recovery rows only").isEqualTo(blob);
    assertThat(decoder.withThreads(1).decode(e.metadata(), primaries(e, n).subList(n - k, n), ConsistencyCheck.STRICT))
        .isEqualTo(blob);
    List<SliverData> withDuplicates = new ArrayList<>(primaries(e, n).subList(n - k, n));
    withDuplicates.addAll(primaries(e, n).subList(n - k, n));
    assertThat(decoder.decode(e.metadata(), withDuplicates)).isEqualTo(blob);
  }

  @Test
  void skipsSliversThatFailVerificationWhenEnoughRemain() {
    EncodingConfig config = new EncodingConfig(10);
    byte[] blob = RedStuffEncoderTest.random(10_000, 1);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    List<SliverData> slivers = new ArrayList<>(primaries(e, 10));
    slivers.set(0, Tampering.flip(e.primary(0), 2));
    slivers.set(1, Tampering.flip(e.primary(1), 0));
    assertThat(new RedStuffDecoder(config).decode(e.metadata(), slivers)).isEqualTo(blob);
  }

  @Test
  void tooFewVerifiedSliversIsNotEnough() {
    EncodingConfig config = new EncodingConfig(10);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(10_000, 2));
    RedStuffDecoder decoder = new RedStuffDecoder(config);
    assertThatThrownBy(() -> decoder.decode(e.metadata(), primaries(e, 10).subList(0, 3)))
        .isInstanceOf(NotEnoughSymbolsException.class)
        .hasMessageContaining("needs 4 verified primary slivers, got 3");
    List<SliverData> oneBad = new ArrayList<>(primaries(e, 10).subList(5, 9));
    oneBad.set(2, Tampering.flip(oneBad.get(2), 1));
    assertThatThrownBy(() -> decoder.decode(e.metadata(), oneBad))
        .isInstanceOf(NotEnoughSymbolsException.class)
        .hasMessageContaining("1 failed verification")
        .satisfies(t -> assertThat(t.getSuppressed()).singleElement().isInstanceOf(HashMismatchException.class));
    assertThatThrownBy(() -> decoder.decode(e.metadata(), List.of()))
        .isInstanceOf(NotEnoughSymbolsException.class);
    assertThatThrownBy(() -> decoder.decode(e.metadata(), List.of(e.secondary(0))))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("primary");
  }

  @Test
  void inconsistentEncodingIsDetectedByBothChecks() {
    int n = 10;
    EncodingConfig config = new EncodingConfig(n);
    byte[] blob = RedStuffEncoderTest.random(20_000, 3);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    // a writer replaced the last (non-systematic) primary sliver and committed to it
    SliverData forged = Tampering.flip(e.primary(n - 1), 3);
    VerifiedBlobMetadata md = Tampering.commitTo(config, e.metadata(), forged);
    new SliverVerifier(config, md).verify(forged);
    int k = config.primarySourceSymbols();
    List<SliverData> slivers = new ArrayList<>(primaries(e, n).subList(n - k, n - 1));
    slivers.add(forged);
    RedStuffDecoder decoder = new RedStuffDecoder(config);
    assertThatThrownBy(() -> decoder.decode(md, slivers))
        .isInstanceOf(InconsistentEncodingException.class)
        .hasMessageContaining("systematic primary sliver");
    assertThatThrownBy(() -> decoder.decode(md, slivers, ConsistencyCheck.STRICT))
        .isInstanceOf(InconsistentEncodingException.class)
        .hasMessageContaining("re-encode");
    // readers that use the systematic slivers get the original bytes, which the check accepts
    assertThat(decoder.decode(md, primaries(e, n).subList(0, k))).isEqualTo(blob);
  }

  @Test
  void decodesToAFileAndLeavesNothingBehindWhenInconsistent(@TempDir Path dir) throws Exception {
    int n = 31;
    EncodingConfig config = new EncodingConfig(n);
    byte[] blob = RedStuffEncoderTest.random(300_001, 5);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    int k = config.primarySourceSymbols();
    RedStuffDecoder decoder = new RedStuffDecoder(config);
    Path out = dir.resolve("out.bin");
    Files.write(out, new byte[1_000_000]); // an existing, longer file is replaced
    decoder.decodeTo(e.metadata(), primaries(e, n).subList(n - k, n), ConsistencyCheck.DEFAULT, out);
    assertThat(Files.readAllBytes(out)).isEqualTo(blob);
    decoder.decodeTo(e.metadata(), primaries(e, n).subList(0, k), ConsistencyCheck.STRICT, out);
    assertThat(Files.readAllBytes(out)).isEqualTo(blob);

    SliverData forged = Tampering.flip(e.primary(n - 1), 0);
    VerifiedBlobMetadata md = Tampering.commitTo(config, e.metadata(), forged);
    List<SliverData> slivers = new ArrayList<>(primaries(e, n).subList(n - k, n - 1));
    slivers.add(forged);
    for (ConsistencyCheck check : ConsistencyCheck.values()) {
      assertThatThrownBy(() -> decoder.decodeTo(md, slivers, check, out)).isInstanceOf(InconsistentEncodingException.class);
      assertThat(Files.size(out)).isZero();
    }
  }

  @Test
  void nonZeroPaddingIsInconsistent() {
    EncodingConfig config = new EncodingConfig(7);
    int full = (int) config.sourceSymbolCount() * 2;
    byte[] padded = RedStuffEncoderTest.random(full, 4);
    EncodedBlob e = new RedStuffEncoder(config).encode(padded);
    // claim a shorter length with the same symbol size: the commitments cover non-zero padding
    int claimed = full - 3;
    assertThat(config.symbolSize(claimed)).isEqualTo(config.symbolSize(full));
    VerifiedBlobMetadata md = Tampering.withHashes(config, claimed, e.metadata().metadata().hashes());
    RedStuffDecoder decoder = new RedStuffDecoder(config);
    List<SliverData> systematic = primaries(e, 7).subList(0, config.primarySourceSymbols());
    assertThatThrownBy(() -> decoder.decode(md, systematic))
        .isInstanceOf(InconsistentEncodingException.class)
        .hasMessageContaining("padding");
    List<SliverData> recovery = primaries(e, 7).subList(7 - config.primarySourceSymbols(), 7);
    assertThatThrownBy(() -> decoder.decode(md, recovery))
        .isInstanceOf(InconsistentEncodingException.class)
        .hasMessageContaining("padding");
  }

  static List<SliverData> primaries(EncodedBlob e, int n) {
    List<SliverData> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(e.primary(i));
    }
    return list;
  }
}
