package dev.floe.client.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.floe.client.ChainConnection;
import dev.floe.client.ClientConfig;
import dev.floe.controlplane.evm.FeeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The publisher/aggregator's configuration: one YAML file with snake_case keys. Relative paths are
 * resolved against the file's folder. No secrets: the wallet is an encrypted keystore whose password
 * comes from a file or an environment variable.
 *
 * <pre>
 * name: daemon
 * bind: {host: 127.0.0.1, port: 31415}
 * max_body_bytes: 10485760            # larger PUT bodies get 413 (may exceed 2 GiB: large bodies are spooled)
 * spool: {dir: spool, threshold_bytes: 8388608, min_free_bytes: 67108864}   # larger bodies and blobs
 *                                   # go through temp files there; 507 when the disk would fall under the minimum
 * max_concurrent_stores: 8            # more stores at once get 429
 * max_concurrent_reads: 32            # more reads at once get 429
 * max_concurrent_whole_reads: 2       # of those, whole-blob decodes (large GETs, range fallbacks); more get 503
 * body_idle_timeout_millis: 30000     # an upload sending nothing for this long gets 408
 * min_body_bytes_per_second: 1024     # and so does one arriving slower on average (after 30 s); 0 = off
 * chain: {rpc_url: "http://127.0.0.1:8545", deployment_file: deployment.json,
 *         fee_cap: 50gwei, fee_bump_after_millis: 60000, fee_bump_percent: 15}   # fee settings optional
 * wallet: {keystore: wallet.json, password_file: password.txt}   # or env FLOE_KEY_PASSWORD; or dev_key: 0
 * client: {max_concurrent_requests: 64, max_requests_per_node: 16, max_bytes_in_flight: 134217728,
 *          request_timeout_millis: 60000, confirmation_timeout_millis: 60000}
 * </pre>
 *
 * @param name the daemon's name in logs
 * @param bind where to listen
 * @param maxBodyBytes the largest blob accepted by {@code PUT /v1/blobs} (default 10 MiB, as upstream)
 * @param spool where bodies and blobs above a threshold are kept on disk (default {@link
 *     SpoolOptions#defaults()})
 * @param maxConcurrentStores stores worked on at once (default {@link
 *     FloeDaemon#DEFAULT_MAX_CONCURRENT_STORES}); more get 429
 * @param maxConcurrentReads reads worked on at once (default {@link
 *     FloeDaemon#DEFAULT_MAX_CONCURRENT_READS}); more get 429
 * @param chain the control plane
 * @param wallet the paying wallet
 * @param client SDK tuning
 * @param maxConcurrentWholeReads whole blobs decoded at once (default {@link
 *     FloeDaemon#DEFAULT_MAX_CONCURRENT_WHOLE_READS}): whole-blob reads above the spool threshold and
 *     range reads falling back to the whole blob; more get 503 with {@code Retry-After}
 * @param bodyIdleTimeoutMillis how long an upload may send nothing before it is dropped with 408
 *     (default 30000, at least {@link #MIN_BODY_IDLE_TIMEOUT_MILLIS})
 * @param minBodyBytesPerSecond the slowest average rate an upload may arrive at once one idle timeout
 *     has passed (default {@link FloeDaemon#DEFAULT_MIN_BODY_BYTES_PER_SECOND}; 0 turns the check off);
 *     slower ones get 408
 */
public record DaemonConfig(
    String name,
    Bind bind,
    Long maxBodyBytes,
    Integer maxConcurrentStores,
    Integer maxConcurrentReads,
    Chain chain,
    Wallet wallet,
    Client client,
    Spool spool,
    Integer maxConcurrentWholeReads,
    Long bodyIdleTimeoutMillis,
    Long minBodyBytesPerSecond) {
  /** Upstream's default body limit: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
  /** Upstream's default port. */
  public static final int DEFAULT_PORT = 31415;
  /** The shortest body idle timeout accepted: 1 s. */
  public static final long MIN_BODY_IDLE_TIMEOUT_MILLIS = 1000;

  public DaemonConfig {
    name = name == null || name.isBlank() ? "daemon" : name;
    bind = bind == null ? new Bind(null, null) : bind;
    maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
    maxConcurrentStores = maxConcurrentStores == null ? FloeDaemon.DEFAULT_MAX_CONCURRENT_STORES : maxConcurrentStores;
    maxConcurrentReads = maxConcurrentReads == null ? FloeDaemon.DEFAULT_MAX_CONCURRENT_READS : maxConcurrentReads;
    if (maxConcurrentStores < 1 || maxConcurrentReads < 1) {
      throw new IllegalArgumentException("max_concurrent_stores and max_concurrent_reads must be at least 1, got "
          + maxConcurrentStores + " and " + maxConcurrentReads);
    }
    maxConcurrentWholeReads =
        maxConcurrentWholeReads == null ? FloeDaemon.DEFAULT_MAX_CONCURRENT_WHOLE_READS : maxConcurrentWholeReads;
    if (maxConcurrentWholeReads < 1) {
      throw new IllegalArgumentException("max_concurrent_whole_reads must be at least 1, got " + maxConcurrentWholeReads);
    }
    bodyIdleTimeoutMillis =
        bodyIdleTimeoutMillis == null ? FloeDaemon.DEFAULT_BODY_IDLE_TIMEOUT.toMillis() : bodyIdleTimeoutMillis;
    if (bodyIdleTimeoutMillis < MIN_BODY_IDLE_TIMEOUT_MILLIS) {
      throw new IllegalArgumentException("body_idle_timeout_millis must be at least " + MIN_BODY_IDLE_TIMEOUT_MILLIS
          + ", got " + bodyIdleTimeoutMillis);
    }
    minBodyBytesPerSecond =
        minBodyBytesPerSecond == null ? FloeDaemon.DEFAULT_MIN_BODY_BYTES_PER_SECOND : minBodyBytesPerSecond;
    if (minBodyBytesPerSecond < 0) {
      throw new IllegalArgumentException("min_body_bytes_per_second must not be negative, got " + minBodyBytesPerSecond);
    }
    client = client == null ? new Client(null, null, null, null, null) : client;
    spool = spool == null ? new Spool(null, null) : spool;
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("max_body_bytes must not be negative, got " + maxBodyBytes);
    }
    if (chain == null) {
      throw new IllegalArgumentException("the chain section (rpc_url, deployment_file) is required");
    }
    if (wallet == null) {
      throw new IllegalArgumentException("the wallet section (keystore + password_file, or dev_key) is required");
    }
  }

  /** A config without a spool section (the defaults). */
  public DaemonConfig(String name, Bind bind, Long maxBodyBytes, Integer maxConcurrentStores, Integer maxConcurrentReads,
      Chain chain, Wallet wallet, Client client) {
    this(name, bind, maxBodyBytes, maxConcurrentStores, maxConcurrentReads, chain, wallet, client, null);
  }

  /** A config with the default minimum body rate. */
  public DaemonConfig(String name, Bind bind, Long maxBodyBytes, Integer maxConcurrentStores, Integer maxConcurrentReads,
      Chain chain, Wallet wallet, Client client, Spool spool, Integer maxConcurrentWholeReads,
      Long bodyIdleTimeoutMillis) {
    this(name, bind, maxBodyBytes, maxConcurrentStores, maxConcurrentReads, chain, wallet, client, spool,
        maxConcurrentWholeReads, bodyIdleTimeoutMillis, null);
  }

  /** A config with the default whole-read limit and body idle timeout. */
  public DaemonConfig(String name, Bind bind, Long maxBodyBytes, Integer maxConcurrentStores, Integer maxConcurrentReads,
      Chain chain, Wallet wallet, Client client, Spool spool) {
    this(name, bind, maxBodyBytes, maxConcurrentStores, maxConcurrentReads, chain, wallet, client, spool, null, null,
        null);
  }

  /** The daemon's limits this config sets. */
  public FloeDaemon.Limits limits() {
    return new FloeDaemon.Limits(maxConcurrentStores, maxConcurrentReads, maxConcurrentWholeReads,
        spool.toSpoolOptions(), bodyIdleTimeout(), minBodyBytesPerSecond);
  }

  /** {@link #bodyIdleTimeoutMillis()} as a duration. */
  public Duration bodyIdleTimeout() {
    return Duration.ofMillis(bodyIdleTimeoutMillis);
  }

  /**
   * @param dir the spool directory (default: {@code floe-daemon-spool} in the system's temporary
   *     directory); relative to the config file's folder
   * @param thresholdBytes blobs up to this size stay in memory (default 8 MiB)
   * @param minFreeBytes free space spool files must leave on the directory's file system (default 64
   *     MiB); a body or blob that does not fit gets 507
   */
  public record Spool(Path dir, Long thresholdBytes, Long minFreeBytes) {
    public Spool {
      SpoolOptions defaults = SpoolOptions.defaults();
      dir = dir == null ? defaults.dir() : dir;
      thresholdBytes = thresholdBytes == null ? defaults.thresholdBytes() : thresholdBytes;
      if (thresholdBytes < 0 || thresholdBytes > SpoolOptions.MAX_THRESHOLD_BYTES) {
        throw new IllegalArgumentException("spool.threshold_bytes must be in [0, " + SpoolOptions.MAX_THRESHOLD_BYTES
            + "], got " + thresholdBytes);
      }
      minFreeBytes = minFreeBytes == null ? defaults.minFreeBytes() : minFreeBytes;
      if (minFreeBytes < 0) {
        throw new IllegalArgumentException("spool.min_free_bytes must not be negative, got " + minFreeBytes);
      }
    }

    /** A spool section without {@code min_free_bytes} (the default). */
    public Spool(Path dir, Long thresholdBytes) {
      this(dir, thresholdBytes, null);
    }

    /** The daemon's spool options. */
    public SpoolOptions toSpoolOptions() {
      return new SpoolOptions(dir, thresholdBytes, minFreeBytes);
    }
  }

  /**
   * @param host bind address (default 127.0.0.1)
   * @param port bind port (default 31415; 0 = any free port)
   */
  public record Bind(String host, Integer port) {
    public Bind {
      host = host == null ? "127.0.0.1" : host;
      port = port == null ? DEFAULT_PORT : port;
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("bind.port must be in [0, 65535], got " + port);
      }
    }
  }

  /**
   * The control plane, with the same keys and forms as the storage node's {@code chain} section.
   *
   * @param rpcUrl EVM JSON-RPC URL (default: the one in the deployment file)
   * @param deploymentFile the deployment file
   * @param feeCap the most gas price any of the daemon's transactions may offer, e.g. {@code 50gwei},
   *     {@code 1.5gwei} or {@code 1500000000wei}; a bare number is gwei (default: no cap)
   * @param feeBumpAfterMillis how long a transaction may stay unmined before it is sent again with
   *     higher fees (default 10 s on a loopback RPC URL, else 60 s; at least the receipt poll
   *     interval, 50 ms or 1 s)
   * @param feeBumpPercent how much each replacement raises the fees, in [10, 1000] percent (default 15)
   */
  public record Chain(String rpcUrl, Path deploymentFile, String feeCap, Long feeBumpAfterMillis,
      Integer feeBumpPercent) {
    /** The names of the fee settings in this section, for error messages. */
    public static final FeeSettings.Names FEE_NAMES =
        new FeeSettings.Names("chain.fee_cap", "chain.fee_bump_after_millis", "chain.fee_bump_percent");

    /** @throws IllegalArgumentException naming the key that is missing or has a bad value */
    public Chain {
      if (deploymentFile == null) {
        throw new IllegalArgumentException("chain.deployment_file is required");
      }
      fees(feeCap, feeBumpAfterMillis, feeBumpPercent); // validates
    }

    /** A chain section with the default fee settings. */
    public Chain(String rpcUrl, Path deploymentFile) {
      this(rpcUrl, deploymentFile, null, null, null);
    }

    /** The fee settings of the daemon's transactions (unset ones keep the connection's defaults). */
    public FeeSettings fees() {
      return fees(feeCap, feeBumpAfterMillis, feeBumpPercent);
    }

    private static FeeSettings fees(String cap, Long bumpAfterMillis, Integer bumpPercent) {
      if (bumpAfterMillis != null && bumpAfterMillis < 1) {
        throw new FeeSettings.InvalidFeeSettingException(
            FEE_NAMES.feeBumpAfter() + " must be positive, got " + bumpAfterMillis);
      }
      return FeeSettings.parse(cap, bumpAfterMillis == null ? null : bumpAfterMillis + "ms", bumpPercent, FEE_NAMES);
    }
  }

  /**
   * @param keystore encrypted keystore of the paying wallet
   * @param passwordFile file holding its password (if absent: environment variable {@code
   *     FLOE_KEY_PASSWORD})
   * @param devKey an anvil development key index instead of a keystore (local chains only)
   */
  public record Wallet(Path keystore, Path passwordFile, Integer devKey) {
    public Wallet {
      if ((keystore == null) == (devKey == null)) {
        throw new IllegalArgumentException("wallet needs exactly one of keystore or dev_key");
      }
    }
  }

  /** SDK tuning; every field optional (the {@link ClientConfig} defaults). */
  public record Client(
      Integer maxConcurrentRequests,
      Integer maxRequestsPerNode,
      Long maxBytesInFlight,
      Long requestTimeoutMillis,
      Long confirmationTimeoutMillis) {
    /** The SDK configuration. */
    public ClientConfig toClientConfig() {
      ClientConfig.Builder b = ClientConfig.builder();
      if (maxConcurrentRequests != null) {
        b.maxConcurrentRequests(maxConcurrentRequests);
      }
      if (maxRequestsPerNode != null) {
        b.maxRequestsPerNode(maxRequestsPerNode);
      }
      if (maxBytesInFlight != null) {
        b.maxBytesInFlight(maxBytesInFlight);
      }
      if (requestTimeoutMillis != null) {
        b.requestTimeout(Duration.ofMillis(requestTimeoutMillis));
      }
      if (confirmationTimeoutMillis != null) {
        b.confirmationTimeout(Duration.ofMillis(confirmationTimeoutMillis));
      }
      return b.build();
    }
  }

  /**
   * The chain connection this config describes, with the {@code chain} section's fee settings;
   * connect it with {@code connect(Chain.FEE_NAMES)} so that errors name the keys.
   */
  public ChainConnection chainConnection() {
    return new ChainConnection(
        Optional.ofNullable(chain.rpcUrl()),
        chain.deploymentFile(),
        Optional.ofNullable(wallet.keystore()),
        Optional.ofNullable(wallet.passwordFile()),
        wallet.devKey() == null ? OptionalInt.empty() : OptionalInt.of(wallet.devKey()),
        chain.fees());
  }

  /** A copy with relative paths resolved against {@code base}. */
  public DaemonConfig resolvedAgainst(Path base) {
    Chain c = new Chain(chain.rpcUrl(), base.resolve(chain.deploymentFile()), chain.feeCap(),
        chain.feeBumpAfterMillis(), chain.feeBumpPercent());
    Wallet w = new Wallet(
        wallet.keystore() == null ? null : base.resolve(wallet.keystore()),
        wallet.passwordFile() == null ? null : base.resolve(wallet.passwordFile()),
        wallet.devKey());
    Spool s = new Spool(base.resolve(spool.dir()), spool.thresholdBytes(), spool.minFreeBytes());
    return new DaemonConfig(name, bind, maxBodyBytes, maxConcurrentStores, maxConcurrentReads, c, w, client, s,
        maxConcurrentWholeReads, bodyIdleTimeoutMillis, minBodyBytesPerSecond);
  }

  /** Reads a YAML file; relative paths are resolved against its folder. */
  public static DaemonConfig load(Path file) {
    try {
      DaemonConfig raw = mapper().readValue(Files.readAllBytes(file), DaemonConfig.class);
      if (raw == null) {
        throw new IllegalArgumentException("daemon config " + file + " is empty");
      }
      return raw.resolvedAgainst(file.toAbsolutePath().getParent());
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          "daemon config " + file + ": unknown key '" + e.getPropertyName() + "' at " + e.getPathReference(), e);
    } catch (MismatchedInputException e) {
      String key = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      throw new IllegalArgumentException("daemon config " + file + ": " + (key.isEmpty() ? "" : key + ": ")
          + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException("cannot read daemon config " + file + ": " + message, e);
    }
  }

  /** Writes this config as YAML. */
  public void save(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, mapper().writeValueAsString(this));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write daemon config " + file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
