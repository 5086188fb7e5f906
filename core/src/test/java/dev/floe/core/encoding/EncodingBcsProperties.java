package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.merkle.MerkleProof;
import dev.floe.core.merkle.Node;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * BCS round trips of every wire type of the encoding package, and strictness: truncated or extended
 * encodings and random bytes raise only {@link InvalidDataException}s.
 */
class EncodingBcsProperties {
  private static final List<Consumer<byte[]>> DECODERS =
      List.of(
          b -> SliverData.fromBcs(SliverType.PRIMARY, b),
          b -> SliverData.fromBcs(SliverType.SECONDARY, b),
          DecodingSymbol::fromBcs,
          RecoverySymbol::fromBcs,
          GeneralRecoverySymbol::fromBcs,
          GeneralRecoverySymbol::listFromBcs,
          b -> InconsistencyProof.fromBcs(SliverType.PRIMARY, b),
          b -> InconsistencyProof.fromBcs(SliverType.SECONDARY, b));

  @Provide
  Arbitrary<SliverData> slivers() {
    return Combinators.combine(
            Arbitraries.of(SliverType.values()),
            Arbitraries.integers().between(0, 0xFFFF),
            Arbitraries.integers().between(1, 0xFFFF),
            Arbitraries.integers().between(0, 40),
            Arbitraries.longs())
        .as(
            (type, index, size, count, seed) -> {
              int symbolSize = count > 0 ? 1 + size % 64 : size;
              return SliverData.of(type, index, symbolSize, RedStuffEncoderTest.random(count * symbolSize, seed));
            });
  }

  @Provide
  Arbitrary<DecodingSymbol> symbols() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xFFFF), Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
        .as(DecodingSymbol::of);
  }

  @Provide
  Arbitrary<MerkleProof> proofs() {
    Arbitrary<Node> node =
        Arbitraries.oneOf(
            Arbitraries.just(Node.EMPTY),
            Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> (Node) Node.digest(b)));
    return node.list().ofMaxSize(17).map(MerkleProof::new);
  }

  @Provide
  Arbitrary<RecoverySymbol> recoverySymbols() {
    return Combinators.combine(symbols(), proofs()).as(RecoverySymbol::new);
  }

  @Provide
  Arbitrary<GeneralRecoverySymbol> generalSymbols() {
    return Combinators.combine(
            Arbitraries.of(SliverType.values()), symbols(), Arbitraries.integers().between(0, 0xFFFF), proofs())
        .as(GeneralRecoverySymbol::new);
  }

  @Provide
  Arbitrary<InconsistencyProof> inconsistencyProofs() {
    return Combinators.combine(
            Arbitraries.of(SliverType.values()),
            Arbitraries.integers().between(0, 0xFFFF),
            recoverySymbols().list().ofMaxSize(6))
        .as(InconsistencyProof::new);
  }

  @Property
  void sliverRoundTrip(@ForAll("slivers") SliverData sliver) {
    byte[] bcs = sliver.toBcs();
    assertThat(bcs).hasSize(sliver.bcsSize());
    assertThat(SliverData.fromBcs(sliver.type(), bcs)).isEqualTo(sliver);
    assertStrict(bcs, b -> SliverData.fromBcs(sliver.type(), b));
  }

  @Property
  void decodingSymbolRoundTrip(@ForAll("symbols") DecodingSymbol symbol) {
    assertThat(DecodingSymbol.fromBcs(symbol.toBcs())).isEqualTo(symbol);
    assertStrict(symbol.toBcs(), DecodingSymbol::fromBcs);
  }

  @Property
  void recoverySymbolRoundTrip(@ForAll("recoverySymbols") RecoverySymbol symbol) {
    assertThat(RecoverySymbol.fromBcs(symbol.toBcs())).isEqualTo(symbol);
    assertStrict(symbol.toBcs(), RecoverySymbol::fromBcs);
  }

  @Property
  void generalRecoverySymbolRoundTrip(@ForAll("generalSymbols") GeneralRecoverySymbol symbol) {
    assertThat(GeneralRecoverySymbol.fromBcs(symbol.toBcs())).isEqualTo(symbol);
    assertStrict(symbol.toBcs(), GeneralRecoverySymbol::fromBcs);
    byte[] list = GeneralRecoverySymbol.listToBcs(List.of(symbol, symbol));
    assertThat(GeneralRecoverySymbol.listFromBcs(list)).containsExactly(symbol, symbol);
    assertStrict(list, GeneralRecoverySymbol::listFromBcs);
  }

  @Property
  void inconsistencyProofRoundTrip(@ForAll("inconsistencyProofs") InconsistencyProof proof) {
    byte[] bcs = proof.toBcs();
    assertThat(InconsistencyProof.fromBcs(proof.targetType(), bcs)).isEqualTo(proof);
    assertStrict(bcs, b -> InconsistencyProof.fromBcs(proof.targetType(), b));
  }

  @Property
  void symbolIdTextRoundTrip(
      @ForAll @IntRange(min = 0, max = 0xFFFF) int primary, @ForAll @IntRange(min = 0, max = 0xFFFF) int secondary) {
    SymbolId id = new SymbolId(primary, secondary);
    assertThat(SymbolId.parse(id.toString())).isEqualTo(id);
  }

  @Property
  void symbolIdParserRejectsGarbage(@ForAll String text) {
    try {
      SymbolId id = SymbolId.parse(text);
      assertThat(id.toString()).isEqualTo(text.replaceFirst("^0+(?=\\d)", "").replaceFirst("-0+(?=\\d)", "-"));
    } catch (InvalidDataException expected) {
      // the only permitted failure
    }
  }

  @Provide
  Arbitrary<byte[]> inputs() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> small = Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMaxSize(120);
    return Arbitraries.oneOf(random, small);
  }

  @Property(tries = 3000)
  void decodersRaiseOnlyInvalidData(@ForAll("inputs") byte[] input) {
    for (Consumer<byte[]> decoder : DECODERS) {
      try {
        decoder.accept(input);
      } catch (InvalidDataException expected) {
        // the only permitted failure
      }
    }
  }

  @Property
  void mutatedEncodingsRaiseOnlyInvalidData(
      @ForAll("inconsistencyProofs") InconsistencyProof proof, @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll byte value) {
    byte[] bcs = proof.toBcs();
    bcs[at % bcs.length] = value;
    for (Consumer<byte[]> decoder : DECODERS) {
      try {
        decoder.accept(bcs);
      } catch (InvalidDataException expected) {
        // the only permitted failure
      }
    }
  }

  private static <T> void assertStrict(byte[] bcs, Function<byte[], T> decoder) {
    for (int cut = 0; cut < bcs.length; cut += Math.max(1, bcs.length / 16)) {
      byte[] truncated = Arrays.copyOf(bcs, cut);
      assertThatThrownBy(() -> decoder.apply(truncated)).as("truncated to %d", cut).isInstanceOf(BcsException.class);
    }
    byte[] extended = Arrays.copyOf(bcs, bcs.length + 1);
    assertThatThrownBy(() -> decoder.apply(extended)).isInstanceOf(BcsException.class).hasMessageContaining("trailing");
  }
}
