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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One challenge outcome per (epoch, member), shared by the node's own round and the attest
 * endpoint: the first to ask runs the challenge, later askers get the same (cached or in-flight)
 * outcome. A run that ends with the member {@linkplain ChallengeOutcome.Result#UNREACHABLE
 * unreachable} is not final: the challenge runs again (same picks) after {@code
 * retry_backoff_millis}, doubling, up to {@code unreachable_retries} times, and only the last run's
 * outcome is cached; a member that answers wrongly, in any run, fails at once. A challenge that
 * could not run (the seed or the previous committee could not be read) is not cached. Only shards
 * the member also held in the previous epoch are challenged ({@link #settledShards}), among the
 * blobs listed once per epoch ({@link #eligibleBlobs}; a blob deleted or invalidated since is
 * skipped by {@link MemberChallenge} when its symbol is missing); the symbols are drawn with this
 * node's secret challenge key ({@link ChallengeSelection}). Outcomes, seeds, committees and blob
 * lists of earlier epochs are dropped when a later epoch is asked for; a pending retry of a dropped
 * epoch ends its challenge with a {@link CancellationException}.
 */
final class ChallengeOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengeOutcomes.class);

  private record Key(long epoch, String nodeId) {}

  /** One member's challenge in one epoch. */
  private static final class Entry {
    /** The epoch's outcome: completes once a run passed or failed, or every retry was unreachable. */
    final CompletableFuture<ChallengeOutcome> result = new CompletableFuture<>();
    /** The first run's outcome, possibly unreachable with retries to come. */
    final CompletableFuture<ChallengeOutcome> firstRun = new CompletableFuture<>();
    /** The latest run's outcome, null before the first one ends. */
    volatile ChallengeOutcome lastRun;
  }

  private final String logName;
  private final SliverStore store;
  private final NodeChain chain;
  private final MemberChallenge challenge;
  private final byte[] challengeKey;
  private final StorageNodeConfig.Challenges settings;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final ChallengeMetrics metrics;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Long, byte[]> seeds = new ConcurrentHashMap<>();
  private final Map<Long, Optional<NodeCommittee>> previousCommittees = new ConcurrentHashMap<>();
  /** The eligible blobs of an epoch, listed once for every member's challenge (one store scan per epoch). */
  private final Map<Long, List<BlobId>> eligible = new ConcurrentHashMap<>();

  /**
   * @param challengeKey this node's secret 32-byte challenge key (drawn picks only; never logged)
   * @param executor where challenge runs (blocking) execute
   * @param scheduler where retries of unreachable members wait
   */
  ChallengeOutcomes(String logName, SliverStore store, NodeChain chain, MemberChallenge challenge, byte[] challengeKey,
      StorageNodeConfig.Challenges settings, Executor executor, ScheduledExecutorService scheduler,
      ChallengeMetrics metrics) {
    if (challengeKey.length != ChallengeSelection.KEY_LENGTH) {
      throw new IllegalArgumentException("a challenge key has 32 bytes, got " + challengeKey.length);
    }
    this.logName = logName;
    this.store = store;
    this.chain = chain;
    this.challenge = challenge;
    this.challengeKey = challengeKey.clone();
    this.settings = settings;
    this.executor = executor;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /**
   * The epoch's outcome of challenging {@code target} in the snapshot's epoch, running the challenge
   * if needed; an unreachable member's outcome completes only once its retries are exhausted.
   */
  CompletableFuture<ChallengeOutcome> of(ChainState.Snapshot snap, CommitteeMember target) {
    return entry(snap, target).result;
  }

  /**
   * The outcome of the first run of the challenge of {@code target} in the snapshot's epoch, running
   * the challenge if needed. Unless it is {@linkplain ChallengeOutcome#unreachable() unreachable},
   * it is also the epoch's outcome.
   */
  CompletableFuture<ChallengeOutcome> firstRun(ChainState.Snapshot snap, CommitteeMember target) {
    return entry(snap, target).firstRun;
  }

  /** The epoch's (final) outcome for {@code nodeId} in {@code epoch}, if known. */
  Optional<ChallengeOutcome> finished(long epoch, byte[] nodeId) {
    Entry e = entries.get(key(epoch, nodeId));
    return e != null && e.result.isDone() && !e.result.isCompletedExceptionally()
        ? Optional.of(e.result.join()) : Optional.empty();
  }

  /** The latest run's outcome for {@code nodeId} in {@code epoch}, final or not, if a run ended. */
  Optional<ChallengeOutcome> latestRun(long epoch, byte[] nodeId) {
    Entry e = entries.get(key(epoch, nodeId));
    return e == null ? Optional.empty() : Optional.ofNullable(e.lastRun);
  }

  private static Key key(long epoch, byte[] nodeId) {
    return new Key(epoch, HexFormat.of().formatHex(nodeId));
  }

  private Entry entry(ChainState.Snapshot snap, CommitteeMember target) {
    long epoch = snap.epoch();
    entries.keySet().removeIf(k -> k.epoch() < epoch);
    seeds.keySet().removeIf(e -> e < epoch);
    previousCommittees.keySet().removeIf(e -> e < epoch);
    eligible.keySet().removeIf(e -> e < epoch);
    Key key = key(epoch, target.nodeId());
    Entry fresh = new Entry();
    Entry e = entries.computeIfAbsent(key, k -> fresh);
    if (e == fresh) {
      schedule(key, e, snap, target, 1, 0);
    }
    return e;
  }

  /** Starts run {@code run} after {@code delayMillis}. */
  private void schedule(Key key, Entry e, ChainState.Snapshot snap, CommitteeMember target, int run,
      long delayMillis) {
    Runnable task = () -> runOnce(key, e, snap, target, run);
    try {
      if (delayMillis == 0) {
        executor.execute(task);
      } else {
        scheduler.schedule(() -> {
          try {
            executor.execute(task);
          } catch (RejectedExecutionException x) {
            abandon(key, e, x);
          }
        }, delayMillis, TimeUnit.MILLISECONDS);
      }
    } catch (RejectedExecutionException x) {
      abandon(key, e, x);
    }
  }

  private void runOnce(Key key, Entry e, ChainState.Snapshot snap, CommitteeMember target, int run) {
    if (entries.get(key) != e) {
      abandon(key, e, new CancellationException("the challenge of " + target.name() + " in epoch " + snap.epoch()
          + " was dropped: a later epoch started"));
      return;
    }
    ChallengeOutcome outcome;
    try {
      outcome = run(snap, target).withRuns(run);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      abandon(key, e, x);
      return;
    } catch (RuntimeException x) {
      abandon(key, e, x);
      return;
    }
    e.lastRun = outcome;
    boolean decided = !outcome.unreachable() || run > settings.unreachableRetries();
    if (decided) {
      metrics.challengeRun(outcome); // before anyone waiting on the run hears of it
    }
    e.firstRun.complete(outcome);
    if (decided) {
      e.result.complete(outcome);
      return;
    }
    long delay = settings.retryDelayMillis(run);
    metrics.retryScheduled();
    LOG.info("{}: could not reach {} in run {} of its challenge of epoch {}; trying again in {} ms ({} of {} retries "
        + "left): {}", logName, target.name(), run, snap.epoch(), delay, settings.unreachableRetries() - run + 1,
        settings.unreachableRetries(), outcome.reason());
    schedule(key, e, snap, target, run + 1, delay);
  }

  /** Ends a challenge that could not run; it is not cached, so the next asker starts it anew. */
  private void abandon(Key key, Entry e, Throwable cause) {
    entries.remove(key, e);
    e.firstRun.completeExceptionally(cause);
    e.result.completeExceptionally(cause);
  }

  private ChallengeOutcome run(ChainState.Snapshot snap, CommitteeMember target) throws InterruptedException {
    long epoch = snap.epoch();
    byte[] seed = seeds.computeIfAbsent(epoch, chain::challengeSeed);
    EncodingConfig config = snap.config();
    List<ChallengedSymbol> symbols = ChallengeSelection.select(challengeKey, seed, target.nodeId(),
        settledShards(epoch, target), eligible.computeIfAbsent(epoch, this::eligibleBlobs), config,
        settings.symbolsPerNode());
    return challenge.run(epoch, target, symbols, config);
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
