package dev.floe.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.floe.controlplane.evm.FeeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The storage node's configuration: one YAML file with snake_case keys (see {@link #load}). Paths
 * are resolved against the config file's folder. Contains no secrets: keys live in encrypted
 * keystore files and the password comes from a file or an environment variable.
 *
 * <pre>
 * name: node-0
 * storage_path: data/node-0
 * rest_api: {host: 127.0.0.1, port: 9185, public_url: "http://127.0.0.1:9185"}
 * metrics: {host: 127.0.0.1, port: 9184}
 * chain: {rpc_url: "http://127.0.0.1:8545", deployment_file: deployment.json, confirmation_depth: 0,
 *         poll_interval_millis: 200, join_active_set: true,
 *         fee_cap: 50gwei, fee_bump_after_millis: 60000, fee_bump_percent: 15}   # fee settings optional
 * keys: {protocol_keystore: keys/protocol.json, wallet_keystore: keys/wallet.json,
 *        password_file: keys/password.txt}   # or password_env: FLOE_KEY_PASSWORD
 * limits: {max_blob_size: 1073741824, pending_cache_bytes: 67108864, symbol_concurrency: 8,
 *          max_in_flight_requests: 64,
 *          body_grace_millis: 10000, min_upload_bytes_per_second: 65536, ...}
 * recovery: {parallelism: 4, max_attempts: 8, initial_backoff_millis: 100, max_backoff_millis: 5000}
 * shard_sync: {slivers_per_request: 256, max_slivers_per_request: 1024, response_byte_budget: 67108864,
 *              concurrency: 2}
 * challenges: {enabled: true, delay_millis: 60000, symbols_per_node: 8, attempts: 3, timeout_millis: 10000,
 *              backoff_millis: 500, attest_concurrency: 2, unreachable_retries: 3,
 *              retry_backoff_millis: 30000}
 * </pre>
 *
 * @param name the node's name: prefixes its log lines and is registered on-chain
 * @param storagePath the RocksDB folder
 * @param restApi the REST server
 * @param metrics the Prometheus admin server
 * @param chain the control plane connection
 * @param keys where the keys are
 * @param limits bounds on memory and concurrency
 * @param recovery sliver recovery tuning
 * @param shardSync shard migration over {@code /v1/migrate/sync_shard}, both sides
 * @param challenges storage challenges of the other committee members
 */
public record StorageNodeConfig(
    String name,
    Path storagePath,
    RestApi restApi,
    Metrics metrics,
    Chain chain,
    Keys keys,
    Limits limits,
    Recovery recovery,
    ShardSync shardSync,
    Challenges challenges) {

  public StorageNodeConfig {
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigException("name must be 1-64 characters of [A-Za-z0-9_.-], got '" + name + "'");
    }
    if (storagePath == null) {
      throw new ConfigException("storage_path is required");
    }
    restApi = restApi == null ? new RestApi(null, null, null) : restApi;
    metrics = metrics == null ? new Metrics(null, null, null) : metrics;
    limits = limits == null ? Limits.defaults() : limits;
    recovery = recovery == null ? Recovery.defaults() : recovery;
    shardSync = shardSync == null ? ShardSync.defaults() : shardSync;
    challenges = challenges == null ? Challenges.defaults() : challenges;
    Objects.requireNonNull(chain, "chain section is required");
  }

  /** A config with the default shard sync settings. */
  public StorageNodeConfig(String name, Path storagePath, RestApi restApi, Metrics metrics, Chain chain, Keys keys,
      Limits limits, Recovery recovery) {
    this(name, storagePath, restApi, metrics, chain, keys, limits, recovery, null, null);
  }

  /** A config with the default challenge settings. */
  public StorageNodeConfig(String name, Path storagePath, RestApi restApi, Metrics metrics, Chain chain, Keys keys,
      Limits limits, Recovery recovery, ShardSync shardSync) {
    this(name, storagePath, restApi, metrics, chain, keys, limits, recovery, shardSync, null);
  }

  /** A copy with {@code shardSync}. */
  public StorageNodeConfig withShardSync(ShardSync shardSync) {
    return new StorageNodeConfig(name, storagePath, restApi, metrics, chain, keys, limits, recovery, shardSync,
        challenges);
  }

  /** A copy with {@code challenges}. */
  public StorageNodeConfig withChallenges(Challenges challenges) {
    return new StorageNodeConfig(name, storagePath, restApi, metrics, chain, keys, limits, recovery, shardSync,
        challenges);
  }

  /**
   * The REST API server.
   *
   * @param host bind address (default 127.0.0.1)
   * @param port bind port (0 = any free port; default 9185)
   * @param publicUrl the URL peers and clients use (default http://host:port)
   */
  public record RestApi(String host, Integer port, String publicUrl) {
    public RestApi {
      host = host == null ? "127.0.0.1" : host;
      port = port == null ? 9185 : port;
      checkPort(port, "rest_api.port");
    }
  }

  /**
   * The Prometheus admin server.
   *
   * @param enabled whether to serve metrics (default true)
   * @param host bind address (default 127.0.0.1)
   * @param port bind port (default 9184; 0 = any free port)
   */
  public record Metrics(Boolean enabled, String host, Integer port) {
    public Metrics {
      enabled = enabled == null || enabled;
      host = host == null ? "127.0.0.1" : host;
      port = port == null ? 9184 : port;
      checkPort(port, "metrics.port");
    }
  }

  /**
   * The control plane.
   *
   * @param rpcUrl EVM JSON-RPC URL
   * @param deploymentFile the deployment JSON written by {@code floe deploy}
   * @param confirmationDepth blocks an event must be buried under before the node acts on it
   * @param pollIntervalMillis how often to poll for new events
   * @param joinActiveSet whether the node, registered but outside the stake-bounded active set, asks
   *     to join it again at each epoch change when its stake would now earn it a place (default true;
   *     see {@link dev.floe.node.chain.ActiveSetKeeper})
   * @param feeCap the most gas price any of the node's transactions may offer, e.g. {@code 50gwei}
   *     or {@code 1500000000wei} (default: no cap)
   * @param feeBumpAfterMillis how long a transaction may stay unmined before it is sent again with
   *     higher fees (default 10 s on a loopback RPC URL, else 60 s; at least the receipt timeout of
   *     2 min locally, 10 min else, turns replacement off)
   * @param feeBumpPercent how much each replacement raises the fees, in [10, 1000] percent (default 15)
   */
  public record Chain(String rpcUrl, Path deploymentFile, Integer confirmationDepth, Long pollIntervalMillis,
      Boolean joinActiveSet, String feeCap, Long feeBumpAfterMillis, Integer feeBumpPercent) {
    public Chain {
      if (rpcUrl == null || rpcUrl.isBlank()) {
        throw new ConfigException("chain.rpc_url is required");
      }
      if (deploymentFile == null) {
        throw new ConfigException("chain.deployment_file is required");
      }
      confirmationDepth = confirmationDepth == null ? 0 : confirmationDepth;
      pollIntervalMillis = pollIntervalMillis == null ? 200L : pollIntervalMillis;
      if (confirmationDepth < 0 || pollIntervalMillis < 10) {
        throw new ConfigException("chain.confirmation_depth must be >= 0 and poll_interval_millis >= 10");
      }
      joinActiveSet = joinActiveSet == null || joinActiveSet;
      if (feeBumpAfterMillis != null && feeBumpAfterMillis < 1) {
        throw new ConfigException("chain.fee_bump_after_millis must be positive, got " + feeBumpAfterMillis);
      }
      fees(feeCap, feeBumpAfterMillis, feeBumpPercent); // validates
    }

    /** A chain section with the default active-set and fee settings. */
    public Chain(String rpcUrl, Path deploymentFile, Integer confirmationDepth, Long pollIntervalMillis) {
      this(rpcUrl, deploymentFile, confirmationDepth, pollIntervalMillis, null, null, null, null);
    }

    /** The poll interval. */
    public Duration pollInterval() {
      return Duration.ofMillis(pollIntervalMillis);
    }

    /** The fee settings of the node's transactions (unset ones keep the connection's defaults). */
    public FeeSettings fees() {
      return fees(feeCap, feeBumpAfterMillis, feeBumpPercent);
    }

    /** The names of the fee settings in this section, for error messages. */
    public static final FeeSettings.Names FEE_NAMES = new FeeSettings.Names(
        "chain.fee_cap", "chain.fee_bump_after_millis", "chain.fee_bump_percent");

    private static FeeSettings fees(String cap, Long bumpAfterMillis, Integer bumpPercent) {
      try {
        return FeeSettings.parse(cap, bumpAfterMillis == null ? null : bumpAfterMillis + "ms",
            bumpPercent, FEE_NAMES);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }

    /** A copy with {@code joinActiveSet}. */
    public Chain withJoinActiveSet(boolean join) {
      return new Chain(rpcUrl, deploymentFile, confirmationDepth, pollIntervalMillis, join, feeCap, feeBumpAfterMillis,
          feeBumpPercent);
    }
  }

  /**
   * Key files. The password unlocking both keystores comes from {@code passwordFile} or, if that is
   * not set, from the environment variable {@code passwordEnv} (default {@code FLOE_KEY_PASSWORD}).
   *
   * @param protocolKeystore encrypted keystore with the protocol (signing) key
   * @param walletKeystore encrypted keystore with the operator wallet (sends transactions)
   * @param passwordFile a file whose first line is the password
   * @param passwordEnv environment variable holding the password
   */
  public record Keys(Path protocolKeystore, Path walletKeystore, Path passwordFile, String passwordEnv) {
    public Keys {
      if (protocolKeystore == null) {
        throw new ConfigException("keys.protocol_keystore is required");
      }
      passwordEnv = passwordEnv == null ? "FLOE_KEY_PASSWORD" : passwordEnv;
    }
  }

  /**
   * Bounds.
   *
   * @param maxBlobSize largest blob the node accepts slivers for; sizes request body limits
   * @param pendingCacheBytes bytes of uploads buffered before their registration is seen
   * @param pendingTtlSeconds how long a buffered upload waits for its registration
   * @param metadataCacheBytes Caffeine cache of metadata
   * @param sliverCacheBytes Caffeine cache of slivers
   * @param ioThreads worker threads for RocksDB and verification (default 16: most of the time a
   *     sliver write waits for its WAL sync, and concurrent writes share one sync)
   * @param symbolConcurrency concurrent recovery/decoding symbol requests before answering 503
   * @param maxConfirmationWaitMillis cap of a confirmation long-poll
   * @param maxInFlightRequests requests served at once (bodies included) before answering 503
   * @param bodyGraceMillis with {@code minUploadBytesPerSecond}, the deadline for a request body to
   *     arrive: grace + size / rate (default 10 s); a slower upload is answered 408 and its connection
   *     closed, so trickling bodies cannot hold the in-flight slots
   * @param minUploadBytesPerSecond the slowest upload rate accepted (default 64 KiB/s)
   */
  public record Limits(
      Long maxBlobSize,
      Long pendingCacheBytes,
      Long pendingTtlSeconds,
      Long metadataCacheBytes,
      Long sliverCacheBytes,
      Integer ioThreads,
      Integer symbolConcurrency,
      Long maxConfirmationWaitMillis,
      Integer maxInFlightRequests,
      Long bodyGraceMillis,
      Long minUploadBytesPerSecond) {
    public Limits {
      maxBlobSize = maxBlobSize == null ? 1L << 30 : maxBlobSize;
      pendingCacheBytes = pendingCacheBytes == null ? 64L << 20 : pendingCacheBytes;
      pendingTtlSeconds = pendingTtlSeconds == null ? 300L : pendingTtlSeconds;
      metadataCacheBytes = metadataCacheBytes == null ? 32L << 20 : metadataCacheBytes;
      sliverCacheBytes = sliverCacheBytes == null ? 128L << 20 : sliverCacheBytes;
      ioThreads = ioThreads == null ? 16 : ioThreads;
      symbolConcurrency = symbolConcurrency == null ? 8 : symbolConcurrency;
      maxConfirmationWaitMillis = maxConfirmationWaitMillis == null ? 30_000L : maxConfirmationWaitMillis;
      maxInFlightRequests = maxInFlightRequests == null ? 64 : maxInFlightRequests;
      bodyGraceMillis = bodyGraceMillis == null ? 10_000L : bodyGraceMillis;
      minUploadBytesPerSecond = minUploadBytesPerSecond == null ? 64L << 10 : minUploadBytesPerSecond;
      if (bodyGraceMillis < 1 || minUploadBytesPerSecond < 1) {
        throw new ConfigException("limits.body_grace_millis and limits.min_upload_bytes_per_second must be positive");
      }
      if (maxInFlightRequests < 1) {
        throw new ConfigException("limits.max_in_flight_requests must be positive");
      }
      if (maxBlobSize < 1 || pendingCacheBytes < 0 || pendingTtlSeconds < 1 || metadataCacheBytes < 0
          || sliverCacheBytes < 0 || ioThreads < 1 || symbolConcurrency < 1 || maxConfirmationWaitMillis < 0) {
        throw new ConfigException("limits must be positive");
      }
    }

    /** Limits with the default body deadline. */
    public Limits(Long maxBlobSize, Long pendingCacheBytes, Long pendingTtlSeconds, Long metadataCacheBytes,
        Long sliverCacheBytes, Integer ioThreads, Integer symbolConcurrency, Long maxConfirmationWaitMillis,
        Integer maxInFlightRequests) {
      this(maxBlobSize, pendingCacheBytes, pendingTtlSeconds, metadataCacheBytes, sliverCacheBytes, ioThreads,
          symbolConcurrency, maxConfirmationWaitMillis, maxInFlightRequests, null, null);
    }

    /** All defaults. */
    public static Limits defaults() {
      return new Limits(null, null, null, null, null, null, null, null, null);
    }

    /** How long a body of {@code bytes} may take to arrive. */
    public long bodyDeadlineMillis(long bytes) {
      return bodyGraceMillis + Math.max(0, bytes) * 1000 / minUploadBytesPerSecond;
    }
  }

  /**
   * Sliver recovery.
   *
   * @param parallelism slivers recovered at once
   * @param maxAttempts rounds of asking peers before giving up on a sliver (retried on the next
   *     trigger)
   * @param initialBackoffMillis first retry delay, doubled each round
   * @param maxBackoffMillis cap of the retry delay
   * @param requestTimeoutMillis timeout of one peer request
   */
  public record Recovery(
      Integer parallelism, Integer maxAttempts, Long initialBackoffMillis, Long maxBackoffMillis,
      Long requestTimeoutMillis) {
    public Recovery {
      parallelism = parallelism == null ? 4 : parallelism;
      maxAttempts = maxAttempts == null ? 8 : maxAttempts;
      initialBackoffMillis = initialBackoffMillis == null ? 100L : initialBackoffMillis;
      maxBackoffMillis = maxBackoffMillis == null ? 5_000L : maxBackoffMillis;
      requestTimeoutMillis = requestTimeoutMillis == null ? 10_000L : requestTimeoutMillis;
      if (parallelism < 1 || maxAttempts < 1 || initialBackoffMillis < 1 || maxBackoffMillis < initialBackoffMillis
          || requestTimeoutMillis < 1) {
        throw new ConfigException("recovery settings must be positive (max_backoff >= initial_backoff)");
      }
    }

    /** All defaults. */
    public static Recovery defaults() {
      return new Recovery(null, null, null, null, null);
    }
  }

  /**
   * Shard migration (walrus-protocol.md §5.5). A node gaining a shard asks the previous owner for
   * {@code slivers_per_request} slivers per request; a node serving a request refuses a count of 0
   * or above {@code max_slivers_per_request} ({@code INVALID_SLIVER_COUNT}, not clamped, so a
   * requester learns the limit instead of silently getting less), stops adding slivers once the
   * answer reaches {@code response_byte_budget} bytes (one sliver is always sent, so a request
   * always makes progress), and serves at most {@code concurrency} requests at once (503 beyond).
   *
   * @param sliversPerRequest slivers asked per request when pulling (default 256)
   * @param maxSliversPerRequest largest count served per request (default 1024)
   * @param responseByteBudget bytes of slivers per answer (default 64 MiB)
   * @param concurrency sync shard requests served at once (default 2)
   */
  public record ShardSync(
      Integer sliversPerRequest, Integer maxSliversPerRequest, Long responseByteBudget, Integer concurrency) {
    public ShardSync {
      sliversPerRequest = sliversPerRequest == null ? 256 : sliversPerRequest;
      maxSliversPerRequest = maxSliversPerRequest == null ? 1024 : maxSliversPerRequest;
      responseByteBudget = responseByteBudget == null ? 64L << 20 : responseByteBudget;
      concurrency = concurrency == null ? 2 : concurrency;
      if (sliversPerRequest < 1 || maxSliversPerRequest < 1 || responseByteBudget < 1 || concurrency < 1) {
        throw new ConfigException("shard_sync settings must be positive");
      }
    }

    /** All defaults. */
    public static ShardSync defaults() {
      return new ShardSync(null, null, null, null);
    }
  }

  /**
   * Storage challenges (ARCHITECTURE §5): once per epoch, {@code delay_millis} after the node caught
   * up with the chain and the epoch change finished, the node asks every other committee member for
   * {@code symbols_per_node} recovery symbols of its slivers, chosen from the epoch's on-chain seed
   * and the node's own secret challenge key, and checks their Merkle proofs; a member that answers
   * wrongly fails at once, a member that cannot be reached is challenged again up to {@code
   * unreachable_retries} times ({@code retry_backoff_millis} apart, doubling) before it fails; a
   * member that fails is reported once peers attest the failure. {@code enabled: false} stops the
   * node's own rounds; it still answers {@code /v1/challenges/attest}.
   *
   * @param enabled whether the node runs its own challenge rounds (default true)
   * @param delayMillis wait after the epoch change is done before the round (default 60 s)
   * @param symbolsPerNode symbols asked of each member (default 8)
   * @param attempts tries per symbol on transient errors (unreachable, timeout, 429, 5xx; default 3)
   * @param timeoutMillis timeout of one symbol request (default 10 s)
   * @param backoffMillis wait between tries of one symbol, doubled each time (default 500 ms)
   * @param attestConcurrency attest requests challenging a member at once before answering 503 (default 2)
   * @param unreachableRetries how many more times a member that did not answer is challenged in the
   *     epoch before it counts as failed (default 3; 0 = fail at the first unreachable run)
   * @param retryBackoffMillis wait before the first such retry, doubled for each next one (default 30 s:
   *     retries 30 s, 90 s and 210 s after the first run)
   */
  public record Challenges(
      Boolean enabled, Long delayMillis, Integer symbolsPerNode, Integer attempts, Long timeoutMillis,
      Long backoffMillis, Integer attestConcurrency, Integer unreachableRetries, Long retryBackoffMillis) {
    public Challenges {
      enabled = enabled == null || enabled;
      delayMillis = delayMillis == null ? 60_000L : delayMillis;
      symbolsPerNode = symbolsPerNode == null ? 8 : symbolsPerNode;
      attempts = attempts == null ? 3 : attempts;
      timeoutMillis = timeoutMillis == null ? 10_000L : timeoutMillis;
      backoffMillis = backoffMillis == null ? 500L : backoffMillis;
      attestConcurrency = attestConcurrency == null ? 2 : attestConcurrency;
      unreachableRetries = unreachableRetries == null ? 3 : unreachableRetries;
      retryBackoffMillis = retryBackoffMillis == null ? 30_000L : retryBackoffMillis;
      if (delayMillis < 0) {
        throw new ConfigException("challenges.delay_millis must be >= 0, got " + delayMillis);
      }
      if (symbolsPerNode < 1 || symbolsPerNode > 1024) {
        throw new ConfigException("challenges.symbols_per_node must be in [1, 1024], got " + symbolsPerNode);
      }
      if (attempts < 1 || timeoutMillis < 1 || backoffMillis < 0 || attestConcurrency < 1) {
        throw new ConfigException("challenges.attempts, timeout_millis and attest_concurrency must be positive"
            + " and backoff_millis >= 0");
      }
      if (unreachableRetries < 0 || unreachableRetries > 16) {
        throw new ConfigException("challenges.unreachable_retries must be in [0, 16], got " + unreachableRetries);
      }
      if (retryBackoffMillis < 1) {
        throw new ConfigException("challenges.retry_backoff_millis must be positive, got " + retryBackoffMillis);
      }
    }

    /** Settings with the default retries of unreachable members. */
    public Challenges(Boolean enabled, Long delayMillis, Integer symbolsPerNode, Integer attempts,
        Long timeoutMillis, Long backoffMillis, Integer attestConcurrency) {
      this(enabled, delayMillis, symbolsPerNode, attempts, timeoutMillis, backoffMillis, attestConcurrency, null,
          null);
    }

    /** All defaults. */
    public static Challenges defaults() {
      return new Challenges(null, null, null, null, null, null, null, null, null);
    }

    /**
     * How long a peer may take to answer an attest request: it challenges the member itself, each
     * symbol with up to {@code attempts} tries.
     */
    public long attestTimeoutMillis() {
      return (long) (symbolsPerNode + attempts) * timeoutMillis + attempts * backoffMillis * 2 + 5_000;
    }

    /** The wait before retry {@code retry} (1-based) of an unreachable member: the backoff doubled per retry. */
    public long retryDelayMillis(int retry) {
      return retryBackoffMillis << Math.min(retry - 1, 20);
    }

    /** The waits before all retries of an unreachable member, summed (0 without retries). */
    public long unreachableWindowMillis() {
      long sum = 0;
      for (int r = 1; r <= unreachableRetries; r++) {
        sum += retryDelayMillis(r);
      }
      return sum;
    }
  }

  /** The REST URL peers use: {@code rest_api.public_url}, or {@code http://host:port}. */
  public String publicUrl(int boundPort) {
    return restApi.publicUrl() != null ? restApi.publicUrl() : "http://" + restApi.host() + ":" + boundPort;
  }

  /** A copy with paths resolved against {@code base}. */
  public StorageNodeConfig resolvedAgainst(Path base) {
    Chain c = new Chain(chain.rpcUrl(), base.resolve(chain.deploymentFile()), chain.confirmationDepth(),
        chain.pollIntervalMillis(), chain.joinActiveSet(), chain.feeCap(), chain.feeBumpAfterMillis(),
        chain.feeBumpPercent());
    Keys k = keys == null ? null : new Keys(
        base.resolve(keys.protocolKeystore()),
        keys.walletKeystore() == null ? null : base.resolve(keys.walletKeystore()),
        keys.passwordFile() == null ? null : base.resolve(keys.passwordFile()),
        keys.passwordEnv());
    return new StorageNodeConfig(name, base.resolve(storagePath), restApi, metrics, c, k, limits, recovery, shardSync,
        challenges);
  }

  /** Reads a YAML config file; relative paths are resolved against its folder. */
  public static StorageNodeConfig load(Path file) {
    ObjectMapper yaml = mapper();
    try {
      StorageNodeConfig raw = yaml.readValue(Files.readAllBytes(file), StorageNodeConfig.class);
      if (raw == null) {
        throw new ConfigException("config file " + file + " is empty");
      }
      Path base = file.toAbsolutePath().getParent();
      return raw.resolvedAgainst(base);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist", e);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException("config file " + file + ": unknown key '" + e.getPropertyName() + "' at "
          + e.getPathReference(), e);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof ConfigException ce ? ce : e;
      throw new ConfigException("cannot read config file " + file + ": " + firstLine(cause.getMessage()), e);
    }
  }

  /** Writes this config as YAML. */
  public void save(Path file) {
    try {
      Files.writeString(file, mapper().writeValueAsString(this));
    } catch (IOException e) {
      throw new ConfigException("cannot write config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .findAndRegisterModules();
  }

  private static void checkPort(int port, String what) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(what + " must be in [0, 65535], got " + port);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A configuration that cannot be used; the message says which setting and why. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }

    public ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
