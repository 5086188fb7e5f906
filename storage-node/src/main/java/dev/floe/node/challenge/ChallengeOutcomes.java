package dev.floe.node.challenge;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.SliverStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * One challenge outcome per (epoch, member), shared by the node's own round and the attest
 * endpoint: the first to ask runs the challenge, later askers get the same (cached or in-flight)
 * outcome. A challenge that could not run (the seed or the previous committee could not be read) is
 * not cached. Only shards the member also held in the previous epoch are challenged ({@link
 * #settledShards}), among the blobs listed once per epoch ({@link #eligibleBlobs}; a blob deleted
 * or invalidated since is skipped by {@link MemberChallenge} when its symbol is missing). Outcomes,
 * seeds, committees and blob lists of earlier epochs are dropped when a later epoch is asked for.
 */
final class ChallengeOutcomes {
  private record Key(long epoch, String nodeId) {}

  private final SliverStore store;
  private final NodeChain chain;
  private final MemberChallenge challenge;
  private final StorageNodeConfig.Challenges settings;
  private final Executor executor;
  private final ChallengeMetrics metrics;
  private final Map<Key, CompletableFuture<ChallengeOutcome>> outcomes = new ConcurrentHashMap<>();
  private final Map<Long, byte[]> seeds = new ConcurrentHashMap<>();
  private final Map<Long, Optional<NodeCommittee>> previousCommittees = new ConcurrentHashMap<>();
  /** The eligible blobs of an epoch, listed once for every member's challenge (one store scan per epoch). */
  private final Map<Long, List<BlobId>> eligible = new ConcurrentHashMap<>();

  ChallengeOutcomes(SliverStore store, NodeChain chain, MemberChallenge challenge,
      StorageNodeConfig.Challenges settings, Executor executor, ChallengeMetrics metrics) {
    this.store = store;
    this.chain = chain;
    this.challenge = challenge;
    this.settings = settings;
    this.executor = executor;
    this.metrics = metrics;
  }

  /** The outcome of challenging {@code target} in the snapshot's epoch, running the challenge if needed. */
  CompletableFuture<ChallengeOutcome> of(ChainState.Snapshot snap, CommitteeMember target) {
    long epoch = snap.epoch();
    outcomes.keySet().removeIf(k -> k.epoch() < epoch);
    seeds.keySet().removeIf(e -> e < epoch);
    previousCommittees.keySet().removeIf(e -> e < epoch);
    eligible.keySet().removeIf(e -> e < epoch);
    Key key = new Key(epoch, HexFormat.of().formatHex(target.nodeId()));
    CompletableFuture<ChallengeOutcome> f = outcomes.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
      try {
        return run(snap, target);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.util.concurrent.CompletionException(e);
      }
    }, executor));
    f.whenComplete((o, err) -> {
      if (err != null) {
        outcomes.remove(key, f);
      }
    });
    return f;
  }

  /** The finished outcome for {@code nodeId} in {@code epoch}, if any. */
  Optional<ChallengeOutcome> finished(long epoch, byte[] nodeId) {
    CompletableFuture<ChallengeOutcome> f = outcomes.get(new Key(epoch, HexFormat.of().formatHex(nodeId)));
    return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
  }

  private ChallengeOutcome run(ChainState.Snapshot snap, CommitteeMember target) throws InterruptedException {
    long epoch = snap.epoch();
    byte[] seed = seeds.computeIfAbsent(epoch, chain::challengeSeed);
    EncodingConfig config = snap.config();
    List<ChallengedSymbol> symbols = ChallengeSelection.select(seed, target.nodeId(), settledShards(epoch, target),
        eligible.computeIfAbsent(epoch, this::eligibleBlobs), config, settings.symbolsPerNode());
    ChallengeOutcome outcome = challenge.run(epoch, target, symbols, config);
    metrics.challengeRun(outcome.passed());
    return outcome;
  }

  /**
   * The target's shards a challenge of {@code epoch} draws from: those it also held in the previous
   * epoch (every shard in the first epoch). A shard gained at this epoch's change may still be
   * pulled from its previous owner or recovered, and the chain finishes an epoch change without
   * waiting for every new owner, so asking for it would report an honest node that is still
   * syncing; it is challenged from the next epoch on.
   *
   * @throws IllegalStateException when the chain's previous committee is not the one before {@code
   *     epoch} (the chain moved on; the outcome is then not cached)
   */
  List<Integer> settledShards(long epoch, CommitteeMember target) {
    Optional<NodeCommittee> previous = previousCommittees.computeIfAbsent(epoch, e -> {
      Optional<NodeCommittee> read = chain.previousCommittee();
      if (read.isPresent() && read.get().epoch() != e - 1) {
        throw new IllegalStateException("the chain's previous committee is of epoch " + read.get().epoch()
            + ", not of the epoch before " + e);
      }
      return read;
    });
    if (previous.isEmpty()) {
      return target.shards();
    }
    Set<Integer> held = previous.get().members().stream()
        .filter(m -> Arrays.equals(m.nodeId(), target.nodeId()))
        .flatMap(m -> m.shards().stream())
        .collect(Collectors.toSet());
    return target.shards().stream().filter(held::contains).toList();
  }

  /**
   * The blobs a challenge of {@code epoch} draws from, ascending: certified before the epoch,
   * certified and live in it, and not invalidated.
   */
  List<BlobId> eligibleBlobs(long epoch) {
    List<BlobId> out = new ArrayList<>();
    store.forEachBlobInfo((id, info) -> {
      if (info.initialCertifiedEpoch() >= 0 && info.initialCertifiedEpoch() < epoch && info.isCertifiedAt(epoch)) {
        out.add(id);
      }
    });
    out.sort(null);
    return List.copyOf(out);
  }
}
