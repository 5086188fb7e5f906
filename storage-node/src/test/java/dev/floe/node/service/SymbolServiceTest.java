package dev.floe.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.DecodingSymbol;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.testing.InMemoryChain;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery and decoding symbols served from a real store: symbols verify against the metadata,
 * and concurrency past the limit is refused (503) instead of queued.
 */
class SymbolServiceTest {
  private static final EncodingConfig CONFIG = new EncodingConfig(7);

  @TempDir Path dir;

  @Test
  void servesVerifiableSymbolsAndRefusesWorkBeyondTheLimit() throws Exception {
    ProtocolKeyPair key = ProtocolKeyPair.generate(new SecureRandom());
    InMemoryChain chain = new InMemoryChain(InMemoryChain.committee(1, 7, List.of(key.address()), List.of("http://x")));
    byte[] data = new byte[5000];
    new SecureRandom().nextBytes(data);
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
    BlobId id = blob.blobId();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (RocksSliverStore rocks = RocksSliverStore.open("t", dir, 1 << 20, 0)) {
      for (int p = 0; p < 7; p++) {
        rocks.putSliver(id, p, SliverType.PRIMARY, blob.pair(p).primary().toBcs());
        rocks.putSliver(id, p, SliverType.SECONDARY, blob.pair(p).secondary().toBcs());
      }
      SliverStore blocking = new BlockingStore(rocks, entered, release);
      ChainState state = new ChainState("t", chain.view(), key.address());
      SymbolService symbols = new SymbolService(blocking, state, new NodeMetrics("t"), 1, 1);

      CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(
          () -> symbols.recoverySymbols(id, List.of(new SymbolId(2, 3)), Optional.of(SliverType.SECONDARY)));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> symbols.recoverySymbolsForTarget(id, 1, SliverType.PRIMARY))
          .isInstanceOf(NodeException.class)
          .satisfies(e -> assertThat(((NodeException) e).reason()).isEqualTo(ErrorReason.TOO_MANY_REQUESTS));
      assertThat(ErrorReason.TOO_MANY_REQUESTS.status().httpCode()).isEqualTo(503);
      release.countDown();

      List<GeneralRecoverySymbol> got = GeneralRecoverySymbol.listFromBcs(first.get(10, TimeUnit.SECONDS));
      assertThat(got).hasSize(1);
      assertThat(got.get(0).id()).isEqualTo(new SymbolId(2, 3));
      got.get(0).verify(CONFIG, blob.metadata());

      List<GeneralRecoverySymbol> all = GeneralRecoverySymbol.listFromBcs(symbols.recoverySymbolsForTarget(id, 4, SliverType.SECONDARY));
      assertThat(all).hasSize(7);
      for (GeneralRecoverySymbol g : all) {
        g.verify(CONFIG, blob.metadata());
        if (g.symbol().index() < blob.secondary(4).symbolCount()) {
          // systematic rows: the symbol is the secondary sliver's own symbol
          assertThat(g.symbol().data()).isEqualTo(blob.secondary(4).symbol(g.symbol().index()));
        }
      }

      byte[] map = symbols.decodingSymbols(id, List.of(0, 5), SliverType.PRIMARY);
      BcsReader r = new BcsReader(map);
      assertThat(r.readUleb128()).isEqualTo(2);
      for (int target : new int[] {0, 5}) {
        assertThat(r.readU16()).isEqualTo(target);
        List<DecodingSymbol> list = r.readVector(rr -> {
          assertThat(rr.readUleb128()).isEqualTo(SliverType.PRIMARY.bcsIndex());
          return DecodingSymbol.readBcs(rr);
        });
        assertThat(list).hasSize(7);
        for (DecodingSymbol s : list) {
          if (s.index() < blob.primary(target).symbolCount()) {
            assertThat(s.data()).isEqualTo(blob.primary(target).symbol(s.index()));
          }
        }
      }
      r.finish();

      BlobId unknown = BlobId.of(new byte[32]);
      assertThatThrownBy(() -> symbols.recoverySymbolsForTarget(unknown, 0, SliverType.PRIMARY))
          .satisfies(e -> assertThat(((NodeException) e).reason()).isEqualTo(ErrorReason.SLIVER_NOT_FOUND));
    }
  }

  /** A store whose first sliver read waits until released. */
  private static final class BlockingStore extends dev.floe.node.testing.DelegatingStore {
    private final CountDownLatch entered;
    private final CountDownLatch release;

    BlockingStore(SliverStore delegate, CountDownLatch entered, CountDownLatch release) {
      super(delegate);
      this.entered = entered;
      this.release = release;
    }

    @Override
    public Optional<byte[]> sliver(BlobId blobId, int pairIndex, SliverType type) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return delegate.sliver(blobId, pairIndex, type);
    }
  }
}
