package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidProofException;
import dev.floe.core.errors.InvalidSizeException;
import dev.floe.core.errors.NotEnoughSymbolsException;
import dev.floe.core.merkle.MerkleProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SliverRecoveryTest {
  @ParameterizedTest(name = "n={0}, {1} bytes")
  @CsvSource({"4, 10", "7, 3000", "10, 33", "31, 40000", "100, 123457"})
  void rebuildsEverySliverFromSymbolsOfOtherSlivers(int n, int size) {
    EncodingConfig config = new EncodingConfig(n);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(size, n));
    Random random = new Random(size);
    List<RecoverySymbolProducer> fromPrimary = new ArrayList<>();
    List<RecoverySymbolProducer> fromSecondary = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fromPrimary.add(new RecoverySymbolProducer(config, e.primary(i)));
      fromSecondary.add(new RecoverySymbolProducer(config, e.secondary(i)));
    }
    for (int target : new int[] {0, n / 2, n - 1}) {
      for (SliverType type : SliverType.values()) {
        List<RecoverySymbolProducer> sources =
            new ArrayList<>(type == SliverType.PRIMARY ? fromSecondary : fromPrimary);
        Collections.shuffle(sources, random);
        SliverRecovery recovery = new SliverRecovery(config, e.metadata(), type, target);
        assertThat(recovery.symbolsNeeded()).isEqualTo(config.symbolsForRecovery(type));
        for (RecoverySymbolProducer p : sources.subList(0, recovery.symbolsNeeded())) {
          assertThat(p.targetType()).isEqualTo(type);
          assertThat(recovery.add(p.recoverySymbol(target))).isTrue();
        }
        assertThat(recovery.add(sources.get(0).recoverySymbol(target))).as("duplicate source").isFalse();
        assertThat(recovery.isReady()).isTrue();
        RecoveryOutcome outcome = recovery.recover();
        assertThat(outcome).isInstanceOf(RecoveryOutcome.Recovered.class);
        assertThat(((RecoveryOutcome.Recovered) outcome).sliver()).isEqualTo(e.sliver(type, target));
      }
    }
  }

  @Test
  void rejectsBadSymbolsAndTooFew() {
    int n = 10;
    EncodingConfig config = new EncodingConfig(n);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(5000, 1));
    SliverRecovery recovery = new SliverRecovery(config, e.metadata(), SliverType.PRIMARY, 2);
    RecoverySymbol good = new RecoverySymbolProducer(config, e.secondary(5)).recoverySymbol(2);
    byte[] data = good.symbol().data();
    data[0] ^= 1;
    RecoverySymbol badData = new RecoverySymbol(DecodingSymbol.of(5, data), good.proof());
    assertThatThrownBy(() -> recovery.add(badData)).isInstanceOf(InvalidProofException.class);
    RecoverySymbol wrongTarget = new RecoverySymbolProducer(config, e.secondary(5)).recoverySymbol(3);
    assertThatThrownBy(() -> recovery.add(wrongTarget)).isInstanceOf(InvalidProofException.class);
    RecoverySymbol wrongSource = new RecoverySymbol(DecodingSymbol.of(6, good.symbol().data()), good.proof());
    assertThatThrownBy(() -> recovery.add(wrongSource)).isInstanceOf(InvalidProofException.class);
    RecoverySymbol wrongSize = new RecoverySymbol(DecodingSymbol.of(5, new byte[2]), good.proof());
    assertThatThrownBy(() -> recovery.add(wrongSize)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("bytes");
    RecoverySymbol outOfRange = new RecoverySymbol(DecodingSymbol.of(10, good.symbol().data()), good.proof());
    assertThatThrownBy(() -> recovery.add(outOfRange)).isInstanceOf(InvalidSizeException.class);
    RecoverySymbol shortProof = new RecoverySymbol(good.symbol(), new MerkleProof(good.proof().path().subList(0, 1)));
    assertThatThrownBy(() -> recovery.add(shortProof)).isInstanceOf(InvalidProofException.class);
    // a symbol from a primary sliver cannot help rebuild a primary sliver
    RecoverySymbol wrongAxis = new RecoverySymbolProducer(config, e.primary(5)).recoverySymbol(2);
    assertThatThrownBy(() -> recovery.add(wrongAxis)).isInstanceOf(InvalidProofException.class);
    assertThat(recovery.symbolsAccepted()).isZero();
    assertThat(recovery.add(good)).isTrue();
    assertThat(recovery.isReady()).isFalse();
    assertThatThrownBy(recovery::recover)
        .isInstanceOf(NotEnoughSymbolsException.class)
        .hasMessageContaining("needs 7 verified symbols, have 1");
    assertThatThrownBy(() -> new SliverRecovery(config, e.metadata(), SliverType.SECONDARY, 10))
        .isInstanceOf(InvalidSizeException.class);
  }

  @Test
  void inconsistentEncodingYieldsAProofThatOthersAccept() {
    int n = 10;
    EncodingConfig config = new EncodingConfig(n);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(9000, 2));
    // the writer forged secondary sliver 0 (a systematic column) and committed to it
    SliverData forged = Tampering.flip(e.secondary(0), 1);
    VerifiedBlobMetadata md = Tampering.commitTo(config, e.metadata(), forged);
    int target = n - 1; // a recovery row: its symbol from the forged column differs
    SliverRecovery recovery = new SliverRecovery(config, md, SliverType.PRIMARY, target);
    recovery.add(new RecoverySymbolProducer(config, forged).recoverySymbol(target));
    for (int j = 1; !recovery.isReady(); j++) {
      recovery.add(new RecoverySymbolProducer(config, e.secondary(j)).recoverySymbol(target));
    }
    RecoveryOutcome outcome = recovery.recover();
    assertThat(outcome).isInstanceOf(RecoveryOutcome.Inconsistent.class);
    InconsistencyProof proof = ((RecoveryOutcome.Inconsistent) outcome).proof();
    assertThat(proof.targetType()).isEqualTo(SliverType.PRIMARY);
    assertThat(proof.targetSliverIndex()).isEqualTo(target);
    assertThat(proof.recoverySymbols()).hasSize(config.symbolsForRecovery(SliverType.PRIMARY));
    proof.verify(config, md);
    InconsistencyProof received = InconsistencyProof.fromBcs(SliverType.PRIMARY, proof.toBcs());
    assertThat(received).isEqualTo(proof);
    assertThat(received.isValid(config, md)).isTrue();

    // the same proof does not hold against the honest metadata (its symbol from the forged column fails)
    assertThatThrownBy(() -> proof.verify(config, e.metadata())).isInstanceOf(InvalidProofException.class);
    // one symbol short, or one duplicated
    List<RecoverySymbol> symbols = new ArrayList<>(proof.recoverySymbols());
    InconsistencyProof shortProof = new InconsistencyProof(SliverType.PRIMARY, target, symbols.subList(1, symbols.size()));
    assertThatThrownBy(() -> shortProof.verify(config, md))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("exactly 7");
    symbols.set(1, symbols.get(2));
    assertThatThrownBy(() -> new InconsistencyProof(SliverType.PRIMARY, target, symbols).verify(config, md))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("source sliver");
    // the wrong target or axis
    assertThatThrownBy(() -> new InconsistencyProof(SliverType.PRIMARY, target - 1, proof.recoverySymbols()).verify(config, md))
        .isInstanceOf(InvalidProofException.class);
    assertThat(new InconsistencyProof(SliverType.SECONDARY, target, proof.recoverySymbols()).isValid(config, md)).isFalse();
  }

  @Test
  void proofOfAConsistentSliverIsRejected() {
    int n = 7;
    EncodingConfig config = new EncodingConfig(n);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(3000, 3));
    List<RecoverySymbol> symbols = new ArrayList<>();
    for (int i = 0; i < config.symbolsForRecovery(SliverType.SECONDARY); i++) {
      symbols.add(new RecoverySymbolProducer(config, e.primary(n - 1 - i)).recoverySymbol(4));
    }
    InconsistencyProof proof = new InconsistencyProof(SliverType.SECONDARY, 4, symbols);
    assertThatThrownBy(() -> proof.verify(config, e.metadata()))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("no inconsistency");
  }

  @Test
  void generalRecoverySymbolsNameTheirPosition() {
    int n = 13;
    EncodingConfig config = new EncodingConfig(n);
    EncodedBlob e = new RedStuffEncoder(config).encode(RedStuffEncoderTest.random(2000, 4));
    // the node of pair 3 holds primary sliver 3 and secondary sliver 9
    RecoverySymbolProducer primary = new RecoverySymbolProducer(config, e.pair(3).primary());
    RecoverySymbolProducer secondary = new RecoverySymbolProducer(config, e.pair(3).secondary());
    GeneralRecoverySymbol forSecondary = primary.generalRecoverySymbol(SymbolId.parse("3-11"));
    assertThat(forSecondary.targetType()).isEqualTo(SliverType.SECONDARY);
    assertThat(forSecondary.id()).isEqualTo(new SymbolId(3, 11));
    forSecondary.verify(config, e.metadata());
    GeneralRecoverySymbol forPrimary = secondary.generalRecoverySymbol(new SymbolId(5, 9));
    assertThat(forPrimary.targetType()).isEqualTo(SliverType.PRIMARY);
    assertThat(forPrimary.id().toString()).isEqualTo("5-9");
    forPrimary.verify(config, e.metadata());
    assertThat(GeneralRecoverySymbol.fromBcs(forPrimary.toBcs())).isEqualTo(forPrimary);
    assertThat(GeneralRecoverySymbol.listFromBcs(GeneralRecoverySymbol.listToBcs(List.of(forPrimary, forSecondary))))
        .containsExactly(forPrimary, forSecondary);
    assertThatThrownBy(() -> primary.generalRecoverySymbol(new SymbolId(4, 11)))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("does not lie on");
    assertThatThrownBy(() -> primary.generalRecoverySymbol(new SymbolId(3, 13))).isInstanceOf(InvalidSizeException.class);
    // the symbol at an intersection is the same whichever sliver produced it
    assertThat(primary.decodingSymbol(9).data()).isEqualTo(secondary.decodingSymbol(3).data());
    // a primary-target symbol re-labelled as a secondary target fails verification
    GeneralRecoverySymbol relabelled =
        new GeneralRecoverySymbol(SliverType.SECONDARY, forPrimary.symbol(), forPrimary.targetIndex(), forPrimary.proof());
    assertThatThrownBy(() -> relabelled.verify(config, e.metadata())).isInstanceOf(InvalidProofException.class);
  }
}
