package dev.floe.node.recovery;

import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.events.RecoveryTrigger;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.StorageService;
import dev.floe.node.store.SliverStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The client side of recovery, wired together: peer client, rebuilder, scheduler, reporter. */
public final class RecoveryComponents implements AutoCloseable {
  private final PeerClient peers;
  private final ExecutorService requests;
  private final PeerSliverRebuilder rebuilder;
  private final InconsistencyReporter reporter;
  private final MetadataFetcher metadata;
  private final RecoveryScheduler scheduler;

  public RecoveryComponents(StorageNodeConfig config, SliverStore store, ChainState chainState, StorageService storage,
      NodeSigner signer, NodeChain chain, NodeMetrics metrics) {
    String name = config.name();
    StorageNodeConfig.Recovery rc = config.recovery();
    this.peers = new PeerClient(Duration.ofMillis(rc.requestTimeoutMillis()),
        PeerClient.maxResponseBytes(chainState.current().config(), config.limits().maxBlobSize()));
    AtomicInteger n = new AtomicInteger();
    this.requests = Executors.newFixedThreadPool(Math.max(4, 4 * rc.parallelism()), r -> {
      Thread t = new Thread(r, name + "-peer-request-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.rebuilder = new PeerSliverRebuilder(name, store, chainState, peers, requests);
    this.reporter = new InconsistencyReporter(name, chainState, peers, signer, chain);
    this.metadata = new MetadataFetcher(name, chainState, storage, peers, rc, metrics);
    this.scheduler = new RecoveryScheduler(name, store, chainState, storage, rebuilder, metadata, reporter, rc, metrics);
  }

  /** Tells the components the node's own URL (never asked for symbols). */
  public void start(String selfUrl) {
    rebuilder.setSelfUrl(selfUrl);
    reporter.setSelfUrl(selfUrl);
    scheduler.setSelfUrl(selfUrl);
  }

  /** The client of peer nodes' REST APIs. */
  public PeerClient peers() {
    return peers;
  }

  /** Metadata from the store or from peers. */
  public MetadataFetcher metadata() {
    return metadata;
  }

  /** What the event processor triggers. */
  public RecoveryTrigger trigger() {
    return scheduler;
  }

  /** The scheduler (progress, for health). */
  public RecoveryScheduler scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    scheduler.close();
    reporter.close();
    requests.shutdownNow();
    try {
      requests.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peers.close();
  }
}
