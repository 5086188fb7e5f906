package dev.floe.indexer;

import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.indexer.follow.EventIndexer;
import dev.floe.indexer.follow.JsonRpcBlockTimes;
import dev.floe.indexer.http.IndexerApi;
import dev.floe.indexer.keeper.EpochKeeper;
import dev.floe.indexer.store.IndexStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running indexer: follows the chain into its database, serves the query API and, when enabled,
 * keeps epochs moving. Built from an {@link IndexerConfig}; {@link #close()} stops everything.
 */
public final class IndexerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexerService.class);
  private static final int MAX_BLOCKS_PER_PAGE = 2_000;

  private final String name;
  private final ControlPlane chain;
  private final IndexStore store;
  private final EventIndexer indexer;
  private final Optional<EpochKeeper> keeper;
  private final Vertx vertx;
  private final HttpServer server;

  private IndexerService(String name, ControlPlane chain, IndexStore store, EventIndexer indexer,
      Optional<EpochKeeper> keeper, Vertx vertx, HttpServer server) {
    this.name = name;
    this.chain = chain;
    this.store = store;
    this.indexer = indexer;
    this.keeper = keeper;
    this.vertx = vertx;
    this.server = server;
  }

  /**
   * Starts an indexer for {@code config}. The keeper's clock is the later of the wall clock and the
   * latest block's time: a chain whose clock was moved ahead (a local chain) is followed at once, and
   * an idle chain, whose next block will carry at least the wall-clock time, is not waited for.
   */
  public static IndexerService start(IndexerConfig config) {
    return start(config, null);
  }

  /**
   * Starts an indexer for {@code config}; the keeper compares due times with {@code chainClock}
   * (null: the default clock of {@link #start(IndexerConfig)}).
   */
  public static IndexerService start(IndexerConfig config, Supplier<Instant> chainClock) {
    Deployment deployment = Deployment.load(config.chain().deploymentFile());
    String rpc = Optional.ofNullable(config.chain().rpcUrl()).or(deployment::rpcUrl)
        .orElseThrow(() -> new IllegalArgumentException("no chain.rpc_url and none in the deployment file"));
    EvmConfig evm = EvmConfig.forUrl(rpc);
    EvmAccount account = keeperAccount(config.keeper());
    ControlPlane chain = EvmControlPlane.connect(evm, deployment, account);
    Supplier<Instant> clock = chainClock != null ? chainClock : () -> laterOfWallAndBlockTime(chain);
    IndexStore store = null;
    EventIndexer indexer = null;
    EpochKeeper keeper = null;
    Vertx vertx = null;
    try {
      store = IndexStore.open(jdbcUrl(config.database()), deployment.chainId(),
          deployment.contracts().system().toHex());
      indexer = new EventIndexer(chain, new JsonRpcBlockTimes(rpc, Duration.ofSeconds(30)), store,
          deployment.startCursor(), config.chain().confirmationDepth(), MAX_BLOCKS_PER_PAGE,
          config.chain().pollInterval());
      if (config.keeper().enabled()) {
        keeper = new EpochKeeper(chain, clock);
      }
      // bind first: an indexer whose port is taken (another one running on the same database, say)
      // must fail before its follower or keeper does anything
      vertx = Vertx.vertx();
      HttpServer server = new IndexerApi(store, indexer, Optional.ofNullable(keeper))
          .listen(vertx, config.bind().host(), config.bind().port());
      indexer.start(config.name() + "-events");
      if (keeper != null) {
        keeper.start(Duration.ofMillis(config.keeper().intervalMillis()));
      }
      LOG.info("{}: query API on http://{}:{}/v1, following chain {} from {}{}", config.name(), config.bind().host(),
          server.actualPort(), deployment.chainId(), store.cursor().map(Object::toString).orElse("the deployment"),
          keeper != null ? ", epoch keeper on" : "");
      return new IndexerService(config.name(), chain, store, indexer, Optional.ofNullable(keeper), vertx, server);
    } catch (RuntimeException e) {
      if (keeper != null) {
        keeper.close();
      }
      if (indexer != null) {
        indexer.close();
      }
      if (vertx != null) {
        vertx.close();
      }
      if (store != null) {
        store.close();
      }
      chain.close();
      throw e;
    }
  }

  private static Instant laterOfWallAndBlockTime(ControlPlane chain) {
    Instant wall = Instant.now();
    try {
      Instant block = chain.latestBlockTime().join();
      return block.isAfter(wall) ? block : wall;
    } catch (RuntimeException e) {
      return wall;
    }
  }

  private static EvmAccount keeperAccount(IndexerConfig.Keeper keeper) {
    if (!keeper.enabled()) {
      return EvmAccount.generate(new SecureRandom()); // reads only: any address will do
    }
    if (keeper.devKey() != null) {
      return EvmAccount.devAccount(keeper.devKey());
    }
    char[] password = Keystores.readPassword(Optional.ofNullable(keeper.passwordFile()));
    try {
      return Keystores.loadAccount(keeper.keystore(), password);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The JDBC URL with user and password from the config (the password never appears in logs). */
  private static String jdbcUrl(IndexerConfig.Database db) {
    if (db.user() == null && db.passwordFile() == null) {
      return db.url();
    }
    StringBuilder url = new StringBuilder(db.url()).append(db.url().contains("?") ? '&' : '?');
    if (db.user() != null) {
      url.append("user=").append(java.net.URLEncoder.encode(db.user(), StandardCharsets.UTF_8));
    }
    if (db.passwordFile() != null) {
      try {
        String password = Files.readString(db.passwordFile(), StandardCharsets.UTF_8).strip();
        url.append(db.user() != null ? "&" : "").append("password=")
            .append(java.net.URLEncoder.encode(password, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read database.password_file " + db.passwordFile() + ": "
            + e.getClass().getSimpleName());
      }
    }
    return url.toString();
  }

  /** The port the query API listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The database. */
  public IndexStore store() {
    return store;
  }

  /** The event follower. */
  public EventIndexer indexer() {
    return indexer;
  }

  /** The epoch keeper, when enabled. */
  public Optional<EpochKeeper> keeper() {
    return keeper;
  }

  @Override
  public void close() {
    keeper.ifPresent(EpochKeeper::close);
    indexer.close();
    server.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    store.close();
    chain.close();
    LOG.info("{}: stopped", name);
  }
}
