package dev.floe.node.challenge;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.ChainBlobStatus;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.SliverStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.Function;

/** Storage challenges wired together: outcomes, challenger, reporter, attest service, metrics. */
public final class ChallengeComponents implements AutoCloseable {
  private final PeerClient peers;
  private final ExecutorService challenges;
  private final ExecutorService requests;
  private final ExecutorService rounds;
  private final ScheduledExecutorService scheduler;
  private final ChallengeMetrics metrics;
  private final Challenger challenger;
  private final ChallengeAttestService attest;

  /**
   * @param metadata the node's verified metadata of a blob, if stored
   * @param maxResponseBytes the largest answer accepted from a peer
   */
  public ChallengeComponents(StorageNodeConfig config, SliverStore store, ChainState chainState, NodeChain chain,
      NodeSigner signer, NodeMetrics nodeMetrics, Function<BlobId, Optional<VerifiedBlobMetadata>> metadata,
      long maxResponseBytes) {
    String name = config.name();
    StorageNodeConfig.Challenges settings = config.challenges();
    this.peers = new PeerClient(Duration.ofMillis(settings.timeoutMillis()), maxResponseBytes);
    this.challenges = Executors.newCachedThreadPool(threads(name + "-challenge"));
    this.requests = Executors.newFixedThreadPool(8, threads(name + "-challenge-attest"));
    this.rounds = Executors.newSingleThreadExecutor(threads(name + "-challenge-round"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads(name + "-challenge-timer"));
    this.metrics = new ChallengeMetrics(nodeMetrics.registry(), name);
    MemberChallenge member = new MemberChallenge(name, peers, metadata, id -> {
      ChainBlobStatus status = chain.blobStatus(id);
      return status.certified() && !status.invalid();
    }, settings);
    ChallengeOutcomes outcomes = new ChallengeOutcomes(name, store, chain, member, signer.challengeKey(), settings,
        challenges, scheduler, metrics);
    ChallengeReporter reporter = new ChallengeReporter(name, chainState, peers, signer, chain, requests, metrics,
        Duration.ofMillis(settings.attestTimeoutMillis()), Duration.ofMillis(settings.unreachableWindowMillis()));
    this.challenger = new Challenger(name, settings, chainState, chain, signer, outcomes, reporter, scheduler, rounds);
    this.attest = new ChallengeAttestService(name, chainState, outcomes, signer, metrics, settings);
  }

  /**
   * Starts the per-epoch rounds; {@code eventsProcessed} tells whether the node has applied every
   * chain event up to the start of an epoch.
   */
  public void start(LongPredicate eventsProcessed) {
    challenger.start(eventsProcessed);
  }

  /** The rounds. */
  public Challenger challenger() {
    return challenger;
  }

  /** The attest endpoint's logic. */
  public ChallengeAttestService attest() {
    return attest;
  }

  /** The challenge meters. */
  public ChallengeMetrics metrics() {
    return metrics;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    rounds.shutdownNow();
    requests.shutdownNow();
    challenges.shutdownNow();
    try {
      rounds.awaitTermination(5, TimeUnit.SECONDS);
      challenges.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peers.close();
  }
}
