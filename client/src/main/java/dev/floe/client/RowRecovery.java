package dev.floe.client;

import dev.floe.client.BlobReader.Located;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RecoveryOutcome;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverRecovery;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.merkle.MerkleProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a few systematic primary slivers (rows) of a blob from recovery symbols, as a storage node
 * heals (walrus-protocol.md §5.3), so that a byte range whose rows' owners are down or lying costs
 * about one sliver's worth of symbols per missing row instead of a whole-blob decode. Row {@code r} is
 * the primary sliver whose n symbols sit one in each secondary sliver: any n-f of them, each proven
 * against its secondary sliver's hash in the metadata, give the row, which is then checked against
 * the row's own hash. Each node is asked, in one or a few requests, for the symbols of every missing
 * row in the secondary slivers it holds; nodes are asked in waves, only as many as still needed, and
 * a node that sends an invalid symbol is not believed again.
 */
final class RowRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RowRecovery.class);
  /** Symbol IDs per request: keeps the query well inside a server's 4 KiB request line. */
  static final int IDS_PER_REQUEST = 200;

  private final ClientConfig config;

  RowRecovery(ClientConfig config) {
    this.config = config;
  }

  /** One node and the secondary slivers (columns) it holds for the blob. */
  private record Source(Member member, List<Integer> columns) {}

  /**
   * The verified systematic primary slivers {@code rows} of the located blob.
   *
   * @throws BlobNotAvailableException if too few valid symbols can be had for some row
   * @throws BlobInvalidException if a row rebuilt from valid symbols does not match its hash (the
   *     blob was encoded inconsistently)
   */
  List<SliverData> recover(Located at, List<Integer> rows) throws InterruptedException {
    EncodingConfig encoding = at.config();
    BlobId blobId = at.blobId();
    Map<Integer, SliverRecovery> recoveries = new TreeMap<>();
    for (int row : rows) {
      recoveries.put(row, new SliverRecovery(encoding, at.metadata(), SliverType.PRIMARY, row));
    }
    List<Source> sources = sources(at);
    int needed = encoding.symbolsForRecovery(SliverType.PRIMARY);
    Set<Integer> served = new HashSet<>();
    Set<String> bad = new HashSet<>();
    long maxSymbolBytes = encoding.symbolSize(at.length()) + 64L + 40L * (MerkleProof.maxPathLength(encoding.nShards()) + 1);
    int next = 0;
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      while (!recoveries.values().stream().allMatch(SliverRecovery::isReady)) {
        int missing = needed - served.size();
        List<Source> wave = new ArrayList<>();
        List<List<Integer>> asked = new ArrayList<>();
        while (missing > 0 && next < sources.size()) {
          Source s = sources.get(next++);
          List<Integer> columns = s.columns().stream().filter(c -> !served.contains(c)).toList();
          if (!columns.isEmpty()) {
            wave.add(s);
            asked.add(columns);
            missing -= columns.size();
          }
        }
        if (wave.isEmpty()) {
          int worst = recoveries.values().stream().mapToInt(SliverRecovery::symbolsAccepted).min().orElse(0);
          throw new BlobNotAvailableException(blobId, BlobNotAvailableException.Reason.NOT_ENOUGH_NODES,
              "rebuilding primary slivers " + rows + " needs " + needed + " valid recovery symbols each, only "
                  + worst + " could be had from " + at.directory().describe() + (bad.isEmpty() ? "" : " (invalid symbols from "
                  + bad + ")"));
        }
        List<Future<List<GeneralRecoverySymbol>>> answers = new ArrayList<>();
        for (int i = 0; i < wave.size(); i++) {
          Source s = wave.get(i);
          List<Integer> columns = asked.get(i);
          answers.add(requests.submit(() -> fetch(s.member(), blobId, rows, columns, maxSymbolBytes)));
        }
        for (int i = 0; i < wave.size(); i++) {
          String node = wave.get(i).member().uniqueLabel();
          List<GeneralRecoverySymbol> symbols;
          try {
            symbols = answers.get(i).get();
          } catch (ExecutionException e) {
            LOG.debug("read of {}: {} did not serve recovery symbols: {}", blobId, node, e.getCause().getMessage());
            continue;
          }
          if (accept(recoveries, symbols, Set.copyOf(asked.get(i)), blobId, node)) {
            served.addAll(asked.get(i));
          } else {
            bad.add(node);
          }
        }
      }
    }
    List<SliverData> rebuilt = new ArrayList<>(rows.size());
    for (Map.Entry<Integer, SliverRecovery> e : recoveries.entrySet()) {
      switch (e.getValue().recover()) {
        case RecoveryOutcome.Recovered r -> rebuilt.add(r.sliver());
        case RecoveryOutcome.Inconsistent i -> throw new BlobInvalidException(blobId,
            "its primary sliver " + e.getKey() + " rebuilt from valid recovery symbols does not match the metadata:"
                + " the blob was encoded inconsistently");
      }
    }
    LOG.info("read of {}: rebuilt primary slivers {} from recovery symbols", blobId, rows);
    return rebuilt;
  }

  /** Every node of the read committee with the secondary slivers it holds, in random order. */
  private static List<Source> sources(Located at) {
    EncodingConfig encoding = at.config();
    Map<String, Source> byNode = new LinkedHashMap<>();
    for (int pair = 0; pair < encoding.nShards(); pair++) {
      for (Member owner : at.directory().ownersOfPair(at.blobId(), pair)) {
        byNode.computeIfAbsent(owner.uniqueLabel(), k -> new Source(owner, new ArrayList<>()))
            .columns().add(encoding.secondarySliverIndex(pair));
      }
    }
    List<Source> sources = new ArrayList<>(byNode.values());
    Collections.shuffle(sources, ThreadLocalRandom.current());
    return sources;
  }

  private List<GeneralRecoverySymbol> fetch(
      Member member, BlobId blobId, List<Integer> rows, List<Integer> columns, long maxSymbolBytes) {
    List<SymbolId> ids = new ArrayList<>(rows.size() * columns.size());
    for (int row : rows) {
      for (int column : columns) {
        ids.add(new SymbolId(row, column));
      }
    }
    List<GeneralRecoverySymbol> symbols = new ArrayList<>(ids.size());
    for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
      List<SymbolId> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
      symbols.addAll(member.client().getRecoverySymbols(blobId, chunk, SliverType.SECONDARY,
          chunk.size() * maxSymbolBytes + 16));
    }
    return symbols;
  }

  /**
   * Adds a node's symbols to the recoveries; false (and nothing more from it) at the first symbol
   * that was not asked for or does not verify, or when some asked symbol is missing.
   */
  private static boolean accept(Map<Integer, SliverRecovery> recoveries, List<GeneralRecoverySymbol> symbols,
      Set<Integer> columns, BlobId blobId, String node) {
    int valid = 0;
    for (GeneralRecoverySymbol g : symbols) {
      SliverRecovery recovery = recoveries.get(g.targetIndex());
      if (g.targetType() != SliverType.PRIMARY || recovery == null || !columns.contains(g.symbol().index())) {
        LOG.warn("read of {}: {} sent a recovery symbol that was not asked for ({}); not believed again", blobId, node,
            g.id());
        return false;
      }
      try {
        recovery.add(g.toRecoverySymbol());
        valid++;
      } catch (InvalidDataException e) {
        LOG.warn("read of {}: {} sent an invalid recovery symbol {}: {}; not believed again", blobId, node, g.id(),
            e.getMessage());
        return false;
      }
    }
    return valid == columns.size() * recoveries.size();
  }
}
