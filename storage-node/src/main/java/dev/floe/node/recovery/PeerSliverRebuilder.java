package dev.floe.node.recovery;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RecoveryOutcome;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverRecovery;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.SliverStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a sliver from the symbols at its intersections with the other axis (walrus-protocol.md
 * §5.3): symbols of source slivers the node holds itself are computed locally; the rest are
 * requested by ID from the peers holding those source slivers, in parallel, exactly as many as
 * still needed; failed or invalid answers are replaced by asking other peers. Each symbol's Merkle
 * proof is verified against its source sliver's hash before use, and the rebuilt sliver against the
 * target's hash — a mismatch yields an inconsistency proof.
 */
public final class PeerSliverRebuilder implements SliverRebuilder {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSliverRebuilder.class);
  /** Symbol IDs per request, so that a query stays a few KiB long whatever the shard count. */
  static final int IDS_PER_REQUEST = 200;

  private final String logName;
  private final SliverStore store;
  private final ChainState chainState;
  private final PeerClient peers;
  private final ExecutorService requests;
  private volatile String selfUrl = "";

  public PeerSliverRebuilder(String logName, SliverStore store, ChainState chainState, PeerClient peers,
      ExecutorService requests) {
    this.logName = logName;
    this.store = store;
    this.chainState = chainState;
    this.peers = peers;
    this.requests = requests;
  }

  /** The node's own URL, never asked. */
  public void setSelfUrl(String url) {
    this.selfUrl = url;
  }

  /** One peer and the source slivers it holds for the blob. */
  private record Source(CommitteeMember member, List<Integer> sourceIndices) {}

  @Override
  public Rebuilt rebuild(VerifiedBlobMetadata metadata, int pairIndex, SliverType type, BooleanSupplier cancelled)
      throws RecoveryException {
    ChainState.Snapshot snap = chainState.current();
    EncodingConfig config = snap.config();
    BlobId blobId = metadata.blobId();
    int n = config.nShards();
    int target = type == SliverType.PRIMARY ? pairIndex : config.secondarySliverIndex(pairIndex);
    SliverType sourceType = type.orthogonal();
    SliverRecovery recovery = new SliverRecovery(config, metadata, type, target);
    Set<Integer> covered = new HashSet<>();

    // symbols from source slivers this node holds: no download
    for (int pair : snap.ownedPairs(blobId)) {
      Optional<byte[]> local = store.sliver(blobId, pair, sourceType);
      if (local.isPresent()) {
        RecoverySymbolProducer producer = new RecoverySymbolProducer(config, SliverData.fromBcs(sourceType, local.get()));
        if (recovery.add(producer.recoverySymbol(target))) {
          covered.add(producer.source().index());
        }
      }
    }

    List<Source> sources = new ArrayList<>();
    int offset = blobId.rotationOffset(n);
    for (CommitteeMember m : snap.committee().peersOf(chainState.selfAddress())) {
      if (m.networkAddress().equals(selfUrl)) {
        continue;
      }
      List<Integer> held = new ArrayList<>();
      for (int shard : m.shards()) {
        int pair = config.pairForShard(shard, offset);
        int source = sourceType == SliverType.PRIMARY ? pair : config.secondarySliverIndex(pair);
        if (!covered.contains(source)) {
          held.add(source);
        }
      }
      if (!held.isEmpty()) {
        Collections.shuffle(held);
        sources.add(new Source(m, held));
      }
    }
    Collections.shuffle(sources);

    AtomicLong downloaded = new AtomicLong();
    int next = 0;
    while (!recovery.isReady()) {
      if (cancelled.getAsBoolean()) {
        throw new RecoveryException("recovery of blob " + blobId + " was cancelled");
      }
      int missing = recovery.symbolsNeeded() - recovery.symbolsAccepted();
      List<CompletableFuture<List<GeneralRecoverySymbol>>> wave = new ArrayList<>();
      List<Set<Integer>> asked = new ArrayList<>();
      while (missing > 0 && next < sources.size()) {
        Source s = sources.get(next++);
        List<Integer> ids = s.sourceIndices().subList(0, Math.min(missing, s.sourceIndices().size()));
        missing -= ids.size();
        asked.add(new HashSet<>(ids));
        wave.add(CompletableFuture.supplyAsync(() -> fetch(s.member(), blobId, type, target, ids, downloaded), requests));
      }
      if (wave.isEmpty()) {
        throw new RecoveryException("only " + recovery.symbolsAccepted() + " of " + recovery.symbolsNeeded()
            + " valid symbols for the " + type.pathSegment() + " sliver of pair " + pairIndex + " of blob " + blobId
            + " could be obtained from peers");
      }
      for (int i = 0; i < wave.size(); i++) {
        for (GeneralRecoverySymbol g : wave.get(i).join()) {
          accept(recovery, g, type, target, asked.get(i), blobId);
        }
      }
    }
    RecoveryOutcome outcome = recovery.recover();
    return switch (outcome) {
      case RecoveryOutcome.Recovered r -> new Rebuilt(r.sliver().toBcs(), downloaded.get());
      case RecoveryOutcome.Inconsistent i -> throw new InconsistentBlobException(blobId, type, i.proof().toBcs());
    };
  }

  private List<GeneralRecoverySymbol> fetch(CommitteeMember m, BlobId blobId, SliverType type, int target,
      List<Integer> sourceIndices, AtomicLong downloaded) {
    SliverType sourceType = type.orthogonal();
    List<String> ids = new ArrayList<>(sourceIndices.size());
    for (int source : sourceIndices) {
      SymbolId id = type == SliverType.PRIMARY ? new SymbolId(target, source) : new SymbolId(source, target);
      ids.add(id.toString());
    }
    try {
      List<GeneralRecoverySymbol> symbols = new ArrayList<>(ids.size());
      for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
        byte[] body = peers.recoverySymbols(
            m.networkAddress(), blobId, ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST)), sourceType);
        downloaded.addAndGet(body.length);
        symbols.addAll(GeneralRecoverySymbol.listFromBcs(body));
      }
      return symbols;
    } catch (PeerClient.PeerException | InvalidDataException e) {
      LOG.debug("{}: {} did not serve recovery symbols of {}: {}", logName, m.name(), blobId, e.getMessage());
      return List.of();
    }
  }

  private void accept(SliverRecovery recovery, GeneralRecoverySymbol g, SliverType type, int target,
      Set<Integer> asked, BlobId blobId) {
    if (g.targetType() != type || g.targetIndex() != target || !asked.contains(g.symbol().index())) {
      LOG.info("{}: a peer sent an unrequested symbol {} for blob {}; ignored", logName, g.id(), blobId);
      return;
    }
    try {
      recovery.add(g.toRecoverySymbol());
    } catch (InvalidDataException e) {
      LOG.warn("{}: a peer sent an invalid recovery symbol {} for blob {}: {}", logName, g.id(), blobId, e.getMessage());
    }
  }
}
