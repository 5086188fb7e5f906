package dev.floe.node;

import dev.floe.node.chain.NodeChain;
import dev.floe.node.challenge.ChallengeComponents;
import dev.floe.node.events.BlobEventProcessor;
import dev.floe.node.events.RecoveryTrigger;
import dev.floe.node.http.BodyLimits;
import dev.floe.node.http.RestServer;
import dev.floe.node.keys.NodeSigner;
import dev.floe.node.metrics.MetricsServer;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.migration.ShardMigrator;
import dev.floe.node.recovery.RecoveryComponents;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.ConfirmationService;
import dev.floe.node.service.InconsistencyService;
import dev.floe.node.service.SymbolService;
import dev.floe.node.service.SyncShardService;
import dev.floe.node.service.MetadataCache;
import dev.floe.node.service.NodeStatus;
import dev.floe.node.service.PendingUploads;
import dev.floe.node.service.RegistrationCheck;
import dev.floe.node.service.StatusService;
import dev.floe.node.service.StorageService;
import dev.floe.node.store.RocksSliverStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A storage node: the composition root that wires the RocksDB store, chain state, services, REST
 * and metrics servers, event processing, sliver recovery and shard migration. The node owns the {@link NodeChain}
 * it is given and closes it on {@link #close()}.
 */
public final class StorageNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageNode.class);

  private final StorageNodeConfig config;
  private final String name;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final NodeChain chain;
  private final NodeSigner signer;
  private final RocksSliverStore store;
  private final NodeMetrics metrics;
  private final ChainState chainState;
  private final StatusService status;
  private final StorageService storage;
  private final RecoveryComponents recovery;
  private final ChallengeComponents challenges;
  private final ShardMigrator migrator;
  private final RestServer rest;
  private final MetricsServer metricsServer;
  private final BlobEventProcessor events;
  private final dev.floe.node.chain.ActiveSetKeeper activeSetKeeper; // null: off, or not a ControlPlane chain
  private volatile int restPort = -1;
  private volatile int metricsPort = -1;
  private volatile boolean closed;
  private volatile long refreshTimer = -1;
  private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean refreshFailing;

  private StorageNode(StorageNodeConfig config, NodeChain chain, NodeSigner signer, Vertx vertx, boolean ownsVertx) {
    this.config = config;
    this.name = config.name();
    this.chain = chain;
    this.signer = signer;
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    StorageNodeConfig.Limits limits = config.limits();
    this.store = RocksSliverStore.open(name, config.storagePath(), limits.metadataCacheBytes(), limits.sliverCacheBytes());
    try {
      this.metrics = new NodeMetrics(name);
      this.chainState = new ChainState(name, chain, signer.protocolAddress());
      this.activeSetKeeper =
          config.chain().joinActiveSet() && chain instanceof dev.floe.node.chain.ControlPlaneNodeChain c
              ? new dev.floe.node.chain.ActiveSetKeeper(name, c.controlPlane(), () -> chainState.current().epoch(),
                  NodeLauncher.CHAIN_TIMEOUT_MILLIS)
              : null;
      PendingUploads pending = new PendingUploads(limits.pendingCacheBytes(), Duration.ofSeconds(limits.pendingTtlSeconds()));
      BlobLocks locks = new BlobLocks(1024);
      MetadataCache metadataCache = new MetadataCache(store, 4096);
      RegistrationCheck registration = new RegistrationCheck(store, chain);
      this.storage = new StorageService(name, store, chainState, registration, metadataCache, pending, locks, metrics);
      ConfirmationService confirmations =
          new ConfirmationService(store, chainState, registration, storage, signer, metrics);
      this.status = new StatusService(name, store, chainState, signer.publicKey());
      this.recovery = new RecoveryComponents(config, store, chainState, storage, signer, chain, metrics);
      SymbolService symbols = new SymbolService(store, chainState, metrics, limits.symbolConcurrency(), 64L << 20,
          dev.floe.node.recovery.PeerClient.maxResponseBytes(chainState.current().config(), limits.maxBlobSize()));
      InconsistencyService inconsistency = new InconsistencyService(name, chainState, storage, signer, metrics);
      SyncShardService syncShard = new SyncShardService(name, store, chainState, metrics, config.shardSync());
      this.challenges = new ChallengeComponents(config, store, chainState, chain, signer, metrics,
          storage::storedMetadata, dev.floe.node.recovery.PeerClient.maxResponseBytes(chainState.current().config(),
              limits.maxBlobSize()));
      this.rest = new RestServer(vertx, name,
          new RestServer.Services(storage, confirmations, status, symbols, inconsistency, syncShard,
              challenges.attest()),
          BodyLimits.of(chainState.current().config(), limits.maxBlobSize()), metrics, limits.ioThreads(),
          limits.maxConfirmationWaitMillis(), limits.maxInFlightRequests(), limits::bodyDeadlineMillis);
      this.metricsServer = new MetricsServer(vertx, metrics, name);
      RecoveryTrigger trigger = recovery.trigger();
      this.migrator = new ShardMigrator(config, store, chainState, locks, recovery.peers(), recovery.metadata(),
          trigger, signer, chain, metrics);
      this.events = new BlobEventProcessor(name, chain, store, chainState, pending, locks, metadataCache, trigger,
          migrator, status, metrics, config.chain().pollInterval());
      metrics.gauge("pending_upload_bytes", "bytes buffered before registration", pending::bytes);
      metrics.gauge("pending_upload_blobs", "blobs buffered before registration", pending::blobs);
      metrics.gauge("current_epoch", "the current epoch", () -> chainState.current().epoch());
      metrics.gauge("owned_shards", "shards owned this epoch", () -> chainState.current().ownedShards().size());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Builds a node from {@code config}; nothing listens until {@link #start()}.
   *
   * @param chain the node's view of the control plane (the node closes it)
   * @param signer the protocol key
   * @param vertx a Vert.x instance to share, or null to create one owned by the node
   */
  public static StorageNode create(StorageNodeConfig config, NodeChain chain, NodeSigner signer, Vertx vertx) {
    boolean owns = vertx == null;
    Vertx v = owns ? Vertx.vertx() : vertx;
    try {
      return new StorageNode(config, chain, signer, v, owns);
    } catch (RuntimeException e) {
      if (owns) {
        v.close();
      }
      throw e;
    }
  }

  /** Binds the REST and metrics ports and starts following chain events. Fails if a port is taken. */
  public CompletableFuture<StorageNode> start() {
    StorageNodeConfig.RestApi api = config.restApi();
    StorageNodeConfig.Metrics m = config.metrics();
    Future<Integer> restStarted = rest.start(api.host(), api.port());
    Future<Integer> metricsStarted = m.enabled() ? metricsServer.start(m.host(), m.port()) : Future.succeededFuture(-1);
    return Future.all(restStarted, metricsStarted).map(all -> {
      restPort = restStarted.result();
      metricsPort = metricsStarted.result();
      recovery.start(url());
      events.start();
      challenges.start(events::hasProcessedEpochStart);
      if (activeSetKeeper != null) {
        // acts once per epoch; the timer only notices the (cached) epoch change
        activeSetKeeper.start(
            Duration.ofMillis(Math.clamp(config.chain().pollInterval().toMillis() * 20, 1_000L, 30_000L)));
      }
      refreshTimer = vertx.setPeriodic(chainRefreshMillis(), id -> refreshChainState());
      LOG.info("{}: started; REST {} ; protocol key 0x{}", name, url(),
          java.util.HexFormat.of().formatHex(signer.protocolAddress()));
      return this;
    }).toCompletionStage().toCompletableFuture().whenComplete((n, err) -> {
      if (err != null) {
        LOG.error("{}: start-up failed: {}", name, err.getMessage());
      }
    });
  }

  /**
   * How often the committee is re-read from the chain between epoch events: a node whose event
   * processing lags must still check writes against the current epoch's shard assignment.
   */
  private long chainRefreshMillis() {
    return Math.clamp(config.chain().pollInterval().toMillis() * 10, 200L, 5_000L);
  }

  private void refreshChainState() {
    if (closed || !refreshing.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(chainState::refresh, false).onComplete(ar -> {
      refreshing.set(false);
      if (ar.failed() && !refreshFailing && !closed) {
        LOG.warn("{}: cannot re-read the committee from the chain: {}", name, ar.cause().toString());
      } else if (ar.succeeded() && refreshFailing) {
        LOG.info("{}: committee re-read from the chain again", name);
      }
      refreshFailing = ar.failed();
    });
  }

  /** The node's name. */
  public String name() {
    return name;
  }

  /** The bound REST port. */
  public int restPort() {
    return restPort;
  }

  /** The bound metrics port, or -1 when metrics are off. */
  public int metricsPort() {
    return metricsPort;
  }

  /** The REST base URL peers and clients use. */
  public String url() {
    return config.publicUrl(restPort);
  }

  /** REST requests being served right now. */
  public int restInFlight() {
    return rest.inFlight();
  }

  /** The store (for tests and tools). */
  public RocksSliverStore store() {
    return store;
  }

  /** The metrics. */
  public NodeMetrics metrics() {
    return metrics;
  }

  /** The recovery scheduler (progress; for tests and health). */
  public dev.floe.node.recovery.RecoveryScheduler recoveryScheduler() {
    return recovery.scheduler();
  }

  /** The storage challenge rounds. */
  public dev.floe.node.challenge.Challenger challenger() {
    return challenges.challenger();
  }

  /** The storage challenge meters. */
  public dev.floe.node.challenge.ChallengeMetrics challengeMetrics() {
    return challenges.metrics();
  }

  /** The keeper of the node's place in the active set, when on (and the chain is a real control plane). */
  public java.util.Optional<dev.floe.node.chain.ActiveSetKeeper> activeSetKeeper() {
    return java.util.Optional.ofNullable(activeSetKeeper);
  }

  /** The event processor. */
  public BlobEventProcessor events() {
    return events;
  }

  /** The cached chain view. */
  public ChainState chainState() {
    return chainState;
  }

  /** Stops everything and closes the store; waits for in-flight work briefly. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    status.setStatus(NodeStatus.STOPPING);
    LOG.info("{}: stopping", name);
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    challenges.close();
    if (activeSetKeeper != null) {
      activeSetKeeper.close();
    }
    events.close();
    migrator.close();
    recovery.close();
    try {
      Future.all(rest.stop(), metricsServer.stop()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("{}: servers did not stop cleanly: {}", name, e.toString());
    }
    store.close();
    try {
      chain.close();
    } catch (RuntimeException e) {
      LOG.warn("{}: closing the chain connection failed: {}", name, e.toString());
    }
    if (ownsVertx) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("{}: Vert.x did not stop cleanly: {}", name, e.toString());
      }
    }
    LOG.info("{}: stopped", name);
  }
}
