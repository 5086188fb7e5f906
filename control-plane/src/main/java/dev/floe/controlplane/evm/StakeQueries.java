package dev.floe.controlplane.evm;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.events.StakeDeposited;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The stake positions of one owner, for {@link EvmControlPlane#stakesOf}: the contract keeps no
 * per-owner index, so the positions are found in the {@code StakeDeposited} logs (the owner is an
 * indexed topic, so the RPC node's log index does the filtering) and each is then read from the
 * contract, which is what counts. Thread-safe.
 */
final class StakeQueries {
  /**
   * Blocks scanned per {@code eth_getLogs} query by default: wide enough that a long chain needs few
   * queries, narrow enough for providers that cap the result size of one query.
   */
  static final int BLOCKS_PER_QUERY = 50_000;

  private final EvmChain chain;
  private final EventFetcher events;
  private final long firstBlock;
  private final Function<ObjectId, CompletableFuture<Optional<StakeInfo>>> stakeInfo;

  StakeQueries(EvmChain chain, EventFetcher events, long firstBlock,
      Function<ObjectId, CompletableFuture<Optional<StakeInfo>>> stakeInfo) {
    this.chain = chain;
    this.events = events;
    this.firstBlock = firstBlock;
    this.stakeInfo = stakeInfo;
  }

  /**
   * Every position {@code owner} deposited, oldest first, withdrawn ones included, scanning at most
   * {@code blocksPerQuery} blocks per log query.
   */
  CompletableFuture<List<StakeInfo>> stakesOf(Address owner, int blocksPerQuery) {
    if (blocksPerQuery < 1) {
      throw new IllegalArgumentException("blocksPerQuery must be >= 1, got " + blocksPerQuery);
    }
    return chain.latestBlock()
        .thenCompose(latest -> chain.read("getLogs(StakeDeposited)", () -> stakeIdsOf(owner, latest, blocksPerQuery)))
        .thenCompose(ids -> {
          List<CompletableFuture<StakeInfo>> reads = new ArrayList<>();
          for (ObjectId id : ids) {
            reads.add(stakeInfo.apply(id).thenApply(s -> s.orElseThrow(() -> new ControlPlaneException(
                "stake " + id + " of " + owner + " has a deposit event but is unknown to the contract"))));
          }
          return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
              .thenApply(x -> reads.stream().map(CompletableFuture::join).toList());
        });
  }

  private List<ObjectId> stakeIdsOf(Address owner, long latest, int blocksPerQuery) {
    Set<ObjectId> ids = new LinkedHashSet<>();
    for (long from = firstBlock; from <= latest; from += blocksPerQuery) {
      for (StakeDeposited d : events.stakeDeposits(owner, from, Math.min(latest, from + blocksPerQuery - 1))) {
        ids.add(d.stakeId());
      }
    }
    return List.copyOf(ids);
  }
}
