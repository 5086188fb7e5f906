package dev.floe.node.challenge;

import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.service.ChainState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's challenge rounds: once per epoch, after the node caught up with the chain's events and
 * the chain finished the epoch change, and then {@code delay_millis} later, it challenges every other
 * member of the committee (in parallel) and reports each one that failed, as soon as its outcome is
 * decided: at once for a wrong answer, after the retries for a member that could not be reached
 * ({@link ChallengeOutcomes}). The round completes once every member's outcome is decided. A node
 * outside the committee does not challenge. Rounds can also be run on demand ({@link #runRound}).
 */
public final class Challenger {
  private static final Logger LOG = LoggerFactory.getLogger(Challenger.class);
  private static final long TICK_MILLIS = 1_000;

  private final String logName;
  private final StorageNodeConfig.Challenges settings;
  private final ChainState chainState;
  private final NodeChain chain;
  private final NodeSigner signer;
  private final ChallengeOutcomes outcomes;
  private final ChallengeReporter reporter;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService rounds;
  private volatile LongPredicate eventsProcessed = epoch -> false;
  /** The last epoch whose round was scheduled (or skipped). */
  private volatile long scheduledEpoch = -1;
  private volatile long completedEpoch = -1;
  private volatile List<ChallengeOutcome> lastOutcomes = List.of();

  Challenger(String logName, StorageNodeConfig.Challenges settings, ChainState chainState, NodeChain chain,
      NodeSigner signer, ChallengeOutcomes outcomes, ChallengeReporter reporter, ScheduledExecutorService scheduler,
      ExecutorService rounds) {
    this.logName = logName;
    this.settings = settings;
    this.chainState = chainState;
    this.chain = chain;
    this.signer = signer;
    this.outcomes = outcomes;
    this.reporter = reporter;
    this.scheduler = scheduler;
    this.rounds = rounds;
  }

  /**
   * Starts the per-epoch rounds (if enabled); {@code eventsProcessed} tells whether the node has
   * applied every event up to the start of an epoch.
   */
  void start(LongPredicate eventsProcessed) {
    this.eventsProcessed = eventsProcessed;
    if (settings.enabled()) {
      scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The last epoch whose round finished (every member challenged, failures reported), or -1. */
  public long completedEpoch() {
    return completedEpoch;
  }

  /** The outcomes of the last finished round (empty before the first). */
  public List<ChallengeOutcome> lastOutcomes() {
    return lastOutcomes;
  }

  /**
   * Challenges every other member now, in the current epoch (reusing outcomes already known), and
   * reports the failures; completes with the outcomes once the reports are done.
   */
  public CompletableFuture<List<ChallengeOutcome>> runRound() {
    return CompletableFuture.supplyAsync(this::round, rounds);
  }

  private void tick() {
    try {
      ChainState.Snapshot snap = chainState.current();
      long epoch = snap.epoch();
      if (epoch <= scheduledEpoch || !eventsProcessed.test(epoch)) {
        return;
      }
      if (snap.committee().memberByProtocolAddress(signer.protocolAddress()).isEmpty()) {
        scheduledEpoch = epoch;
        return;
      }
      if (!chain.epochChangeDone(epoch)) {
        return;
      }
      scheduledEpoch = epoch;
      LOG.info("{}: challenging the committee of epoch {} in {} ms", logName, epoch, settings.delayMillis());
      scheduler.schedule(() -> rounds.execute(() -> {
        if (chainState.current().epoch() == epoch) {
          round();
        }
      }), settings.delayMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.debug("{}: challenge scheduling check failed: {}", logName, e.toString());
    }
  }

  private List<ChallengeOutcome> round() {
    ChainState.Snapshot snap = chainState.current();
    BlockingQueue<CompletableFuture<ChallengeOutcome>> done = new LinkedBlockingQueue<>();
    int members = 0;
    for (CommitteeMember m : snap.committee().peersOf(signer.protocolAddress())) {
      if (m.weight() > 0) {
        CompletableFuture<ChallengeOutcome> f = outcomes.of(snap, m);
        f.whenComplete((o, err) -> done.add(f));
        members++;
      }
    }
    // outcomes in the order they are decided: a member that answered wrongly is reported while the
    // retries of an unreachable one are still waiting
    List<ChallengeOutcome> results = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < members; i++) {
      ChallengeOutcome o;
      try {
        o = done.take().join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return results;
      } catch (RuntimeException e) {
        LOG.warn("{}: a challenge of epoch {} could not run: {}", logName, snap.epoch(), e.getMessage());
        continue;
      }
      results.add(o);
      if (o.passed()) {
        continue;
      }
      failed++;
      LOG.warn("{}: {} failed its storage challenge of epoch {}{}: {}", logName, o.name(), o.epoch(),
          o.unreachable() ? " (unreachable in " + o.runs() + " runs)" : "", o.reason());
      try {
        reporter.report(o);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return results;
      }
    }
    lastOutcomes = List.copyOf(results);
    completedEpoch = snap.epoch();
    LOG.info("{}: challenge round of epoch {} done: {} members challenged, {} failed", logName, snap.epoch(),
        results.size(), failed);
    return results;
  }
}
