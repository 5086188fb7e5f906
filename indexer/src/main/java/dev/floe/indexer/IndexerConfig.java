package dev.floe.indexer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The indexer's configuration: one YAML file with snake_case keys; relative paths (and a relative
 * SQLite file) resolve against the file's folder. It holds no secret: the keeper's wallet is an
 * encrypted keystore whose password comes from a file or {@code FLOE_KEY_PASSWORD}, and a database
 * password comes from {@code database.password_file}.
 *
 * <pre>
 * name: indexer
 * bind: {host: 127.0.0.1, port: 31416}
 * database: {url: "jdbc:sqlite:indexer.db"}    # or jdbc:postgresql://host:5432/floe with user + password_file
 * chain: {rpc_url: "http://127.0.0.1:8545", deployment_file: deployment.json, confirmation_depth: 0,
 *         poll_interval_millis: 250}
 * keeper: {enabled: true, interval_millis: 5000, keystore: wallet.json, password_file: password.txt}
 *                                              # or dev_key: 0 on a localnet
 * </pre>
 *
 * @param name the indexer's name in logs
 * @param bind where the query API listens
 * @param database the database
 * @param chain the control plane and how to follow it
 * @param keeper the epoch keeper (off unless enabled)
 */
public record IndexerConfig(String name, Bind bind, Database database, Chain chain, Keeper keeper) {
  /** The query API's default port. */
  public static final int DEFAULT_PORT = 31416;

  public IndexerConfig {
    name = name == null || name.isBlank() ? "indexer" : name;
    bind = bind == null ? new Bind(null, null) : bind;
    if (database == null) {
      throw new IllegalArgumentException("the database section (url) is required");
    }
    if (chain == null) {
      throw new IllegalArgumentException("the chain section (rpc_url, deployment_file) is required");
    }
    keeper = keeper == null ? new Keeper(false, null, null, null, null) : keeper;
  }

  /**
   * @param host bind address (default 127.0.0.1)
   * @param port bind port (default 31416; 0 = any free port)
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
   * @param url a JDBC URL: {@code jdbc:sqlite:FILE} (default) or {@code jdbc:postgresql://...}
   * @param user the database user (server databases)
   * @param passwordFile a file holding the database password (server databases)
   */
  public record Database(String url, String user, Path passwordFile) {
    public Database {
      if (url == null || !url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("database.url must be a JDBC URL (jdbc:sqlite:FILE or jdbc:postgresql://...), got '"
            + url + "'");
      }
    }
  }

  /**
   * @param rpcUrl EVM JSON-RPC URL (default: the one in the deployment file)
   * @param deploymentFile the deployment file
   * @param confirmationDepth only blocks at least this deep are indexed (default 0)
   * @param pollIntervalMillis how often to look for new blocks (default 250)
   */
  public record Chain(String rpcUrl, Path deploymentFile, Integer confirmationDepth, Long pollIntervalMillis) {
    public Chain {
      if (deploymentFile == null) {
        throw new IllegalArgumentException("chain.deployment_file is required");
      }
      confirmationDepth = confirmationDepth == null ? 0 : confirmationDepth;
      pollIntervalMillis = pollIntervalMillis == null ? 250L : pollIntervalMillis;
      if (confirmationDepth < 0 || pollIntervalMillis < 1) {
        throw new IllegalArgumentException("chain.confirmation_depth must be >= 0 and poll_interval_millis >= 1");
      }
    }

    /** The poll interval. */
    public Duration pollInterval() {
      return Duration.ofMillis(pollIntervalMillis);
    }
  }

  /**
   * @param enabled whether this indexer calls the epoch transitions when due
   * @param intervalMillis how often it checks (default 5000)
   * @param keystore the wallet paying the transitions' gas (encrypted keystore)
   * @param passwordFile the keystore's password (else env {@code FLOE_KEY_PASSWORD})
   * @param devKey anvil development key index instead of a keystore (local chains only)
   */
  public record Keeper(Boolean enabled, Long intervalMillis, Path keystore, Path passwordFile, Integer devKey) {
    public Keeper {
      enabled = enabled != null && enabled;
      intervalMillis = intervalMillis == null ? 5_000L : intervalMillis;
      if (intervalMillis < 1) {
        throw new IllegalArgumentException("keeper.interval_millis must be positive");
      }
      if (enabled && keystore == null && devKey == null) {
        throw new IllegalArgumentException("an enabled keeper needs a wallet: keystore (+ password_file) or dev_key");
      }
    }
  }

  /** Reads the YAML file, resolving relative paths against its folder. */
  public static IndexerConfig load(Path file) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .findAndRegisterModules();
    IndexerConfig raw;
    try {
      raw = yaml.readValue(Files.readString(file), IndexerConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("invalid indexer config " + file + ": " + e.getMessage(), e);
    }
    return raw.resolvedAgainst(file.toAbsolutePath().getParent());
  }

  /** This config with relative paths (and a relative SQLite file) made absolute under {@code dir}. */
  public IndexerConfig resolvedAgainst(Path dir) {
    String url = database.url();
    String sqlitePrefix = "jdbc:sqlite:";
    if (url.startsWith(sqlitePrefix) && !url.startsWith(sqlitePrefix + ":") && !url.startsWith(sqlitePrefix + "file:")) {
      Path db = Path.of(url.substring(sqlitePrefix.length()));
      url = sqlitePrefix + (db.isAbsolute() ? db : dir.resolve(db));
    }
    Database d = new Database(url, database.user(), resolve(dir, database.passwordFile()));
    Chain c = new Chain(chain.rpcUrl(), resolve(dir, chain.deploymentFile()), chain.confirmationDepth(),
        chain.pollIntervalMillis());
    Keeper k = new Keeper(keeper.enabled(), keeper.intervalMillis(), resolve(dir, keeper.keystore()),
        resolve(dir, keeper.passwordFile()), keeper.devKey());
    return new IndexerConfig(name, bind, d, c, k);
  }

  private static Path resolve(Path dir, Path p) {
    return p == null || p.isAbsolute() ? p : dir.resolve(p);
  }
}
