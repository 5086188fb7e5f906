package dev.floe.node.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.DecodingSymbol;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.Routes;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.store.SliverStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Serves recovery symbols (with Merkle proofs against the node's own slivers) and decoding symbols
 * to peers. Producing symbols expands a sliver and hashes its expansion, so concurrent requests are
 * bounded: past the limit the node answers {@link ErrorReason#TOO_MANY_REQUESTS} (503) instead of
 * queueing. Recently used expansions are cached, bounded by bytes.
 */
public final class SymbolService {
  private record ProducerKey(BlobId blobId, int pairIndex, SliverType type) {}

  private final SliverStore store;
  private final ChainState chainState;
  private final NodeMetrics metrics;
  private final Semaphore permits;
  private final Cache<ProducerKey, RecoverySymbolProducer> producers;
  private final long maxAnswerBytes;

  /** A service whose decoding-symbol answers are bounded for the largest blob of the committee's shard count. */
  public SymbolService(SliverStore store, ChainState chainState, NodeMetrics metrics,
      int concurrency, long cacheBytes) {
    this(store, chainState, metrics, concurrency, cacheBytes, dev.floe.node.recovery.PeerClient.maxResponseBytes(
        chainState.current().config(), chainState.current().config().maxBlobSize()));
  }

  /**
   * @param maxAnswerBytes the largest decoding-symbol answer built (what a peer reads, {@link
   *     dev.floe.node.recovery.PeerClient#maxResponseBytes}); larger requests are refused up front
   */
  public SymbolService(SliverStore store, ChainState chainState, NodeMetrics metrics,
      int concurrency, long cacheBytes, long maxAnswerBytes) {
    this.maxAnswerBytes = maxAnswerBytes;
    this.store = store;
    this.chainState = chainState;
    this.metrics = metrics;
    this.permits = new Semaphore(concurrency);
    this.producers = Caffeine.newBuilder()
        .maximumWeight(Math.max(cacheBytes, 1))
        .weigher((ProducerKey k, RecoverySymbolProducer p) ->
            2 * chainState.current().nShards() * (p.source().symbolSize() + 32))
        .build();
  }

  /**
   * The symbols {@code ids}, each proven against this node's sliver of {@code proofAxis} (the
   * source sliver: primary sliver {@code P} or secondary sliver {@code S} of {@code P-S}); BCS
   * {@code Vec<GeneralRecoverySymbol>}. With no {@code proofAxis}, whichever sliver the node holds.
   */
  public byte[] recoverySymbols(BlobId blobId, List<SymbolId> ids, Optional<SliverType> proofAxis) {
    return bounded(() -> {
      EncodingConfig config = chainState.current().config();
      List<GeneralRecoverySymbol> out = new ArrayList<>(ids.size());
      for (SymbolId id : ids) {
        id.checkWithin(config);
        SliverType source = proofAxis.orElseGet(() -> holds(blobId, id, SliverType.PRIMARY, config)
            ? SliverType.PRIMARY : SliverType.SECONDARY);
        out.add(producer(blobId, pairOf(source, id.index(source), config), source, config)
            .generalRecoverySymbol(id));
      }
      metrics.recoverySymbolsServed(out.size());
      return GeneralRecoverySymbol.listToBcs(out);
    });
  }

  /**
   * Every symbol this node can give for target sliver {@code targetIndex} of {@code targetType}:
   * one per sliver of the other axis it stores for the blob; BCS {@code Vec<GeneralRecoverySymbol>}.
   */
  public byte[] recoverySymbolsForTarget(BlobId blobId, int targetIndex, SliverType targetType) {
    return bounded(() -> {
      ChainState.Snapshot snap = chainState.current();
      EncodingConfig config = snap.config();
      config.checkIndex(targetIndex);
      SliverType source = targetType.orthogonal();
      List<GeneralRecoverySymbol> out = new ArrayList<>();
      for (int pair : snap.ownedPairs(blobId)) {
        if (store.hasSliver(blobId, pair, source)) {
          out.add(producer(blobId, pair, source, config).generalRecoverySymbol(targetIndex));
        }
      }
      if (out.isEmpty()) {
        throw notStored(blobId);
      }
      metrics.recoverySymbolsServed(out.size());
      return GeneralRecoverySymbol.listToBcs(out);
    });
  }

  /**
   * Symbols without proofs for the target slivers, from every sliver of the other axis the node
   * stores; BCS {@code BTreeMap<u16, Vec<EitherDecodingSymbol>>} keyed by target index. An answer
   * larger than the node's bound is refused before it is built; the held slivers are expanded one
   * at a time (holding all expansions at once would cost owned shards x expansion size).
   */
  public byte[] decodingSymbols(BlobId blobId, List<Integer> targetIndices, SliverType targetType) {
    return bounded(() -> {
      ChainState.Snapshot snap = chainState.current();
      EncodingConfig config = snap.config();
      SliverType source = targetType.orthogonal();
      java.util.SortedSet<Integer> targets = new java.util.TreeSet<>();
      for (int t : targetIndices) {
        config.checkIndex(t);
        targets.add(t);
      }
      List<Integer> held = new ArrayList<>();
      for (int pair : snap.ownedPairs(blobId)) {
        if (store.hasSliver(blobId, pair, source)) {
          held.add(pair);
        }
      }
      if (held.isEmpty()) {
        throw notStored(blobId);
      }
      SortedMap<Integer, List<DecodingSymbol>> map = new TreeMap<>();
      targets.forEach(t -> map.put(t, new ArrayList<>()));
      for (int pair : held) {
        RecoverySymbolProducer p = producer(blobId, pair, source, config);
        if (pair == held.get(0)) {
          long answer = (long) targets.size() * held.size() * (p.source().symbolSize() + 8L);
          if (answer > maxAnswerBytes) {
            throw new NodeException(ErrorReason.INVALID_PARAMETER, "the answer for " + targets.size()
                + " target slivers would hold about " + answer + " bytes (" + held.size() + " slivers here), more than "
                + maxAnswerBytes + "; ask for fewer target slivers per request");
          }
        }
        for (int t : targets) {
          map.get(t).add(p.decodingSymbol(t));
        }
      }
      BcsWriter w = new BcsWriter();
      w.writeLength(map.size());
      map.forEach((target, symbols) -> {
        w.writeU16(target);
        w.writeVector(symbols, (ww, s) -> {
          ww.writeEnumIndex(targetType.bcsIndex());
          s.writeBcs(ww);
        });
      });
      return w.toByteArray();
    });
  }

  /** Forgets cached expansions of a removed blob. */
  public void invalidate(BlobId blobId) {
    producers.asMap().keySet().removeIf(k -> k.blobId().equals(blobId));
  }

  private boolean holds(BlobId blobId, SymbolId id, SliverType type, EncodingConfig config) {
    return store.hasSliver(blobId, pairOf(type, id.index(type), config), type);
  }

  private RecoverySymbolProducer producer(BlobId blobId, int pair, SliverType type, EncodingConfig config) {
    ProducerKey key = new ProducerKey(blobId, pair, type);
    RecoverySymbolProducer cached = producers.getIfPresent(key);
    if (cached != null && store.hasSliver(blobId, pair, type)) {
      return cached;
    }
    byte[] bcs = store.sliver(blobId, pair, type).orElseThrow(() -> new NodeException(ErrorReason.SLIVER_NOT_FOUND,
        "the " + Routes.sliverTypeName(type) + " sliver of pair " + pair + " of blob " + blobId
            + " is not stored on this node"));
    RecoverySymbolProducer p = new RecoverySymbolProducer(config, SliverData.fromBcs(type, bcs));
    producers.put(key, p);
    return p;
  }

  private <T> T bounded(Supplier<T> work) {
    if (!permits.tryAcquire()) {
      throw new NodeException(ErrorReason.TOO_MANY_REQUESTS,
          "too many concurrent symbol requests; retry with backoff");
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }

  private NodeException notStored(BlobId blobId) {
    return new NodeException(ErrorReason.SLIVER_NOT_FOUND,
        "this node stores no sliver of blob " + blobId + " that could produce these symbols");
  }

  private static int pairOf(SliverType type, int sliverIndex, EncodingConfig config) {
    return type == SliverType.PRIMARY ? sliverIndex : config.secondarySliverIndex(sliverIndex);
  }
}
