package dev.floe.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real local EVM chain for tests: starts the pinned {@code anvil} binary (npm package
 * {@code @foundry-rs/anvil}, installed by the build into {@code node_modules}) on a free loopback
 * port, waits until it answers {@code eth_chainId}, and stops it on {@link #close()}. Fails with a
 * clear message when the binary is missing; it never skips.
 *
 * <p>Also moves chain time ({@link #increaseTime}, {@link #mine}) and sets balances, so tests
 * drive epochs without sleeping. Thread-safe.
 */
public final class AnvilNode implements AutoCloseable {
  /** Environment variable naming the anvil binary, overriding the node_modules location. */
  public static final String ANVIL_BIN_ENV = "ANVIL_BIN";

  /** anvil's default chain ID. */
  public static final long DEFAULT_CHAIN_ID = 31337;

  /**
   * The public development keys anvil and hardhat derive from the mnemonic "test test ... junk":
   * well known, funded with 10000 ETH at start, never to be used outside a local chain.
   */
  public static final List<String> DEV_PRIVATE_KEYS = List.of(
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
      "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
      "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
      "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
      "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
      "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  /** The addresses of {@link #DEV_PRIVATE_KEYS}, in the same order. */
  public static final List<String> DEV_ADDRESSES = List.of(
      "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
      "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
      "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
      "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
      "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path logFile;
  private final int port;
  private final long chainId;
  private final HttpClient http;
  private final AtomicLong requestIds = new AtomicLong();

  private AnvilNode(Process process, Path logFile, int port, long chainId, HttpClient http) {
    this.process = process;
    this.logFile = logFile;
    this.port = port;
    this.chainId = chainId;
    this.http = http;
  }

  /**
   * Options for starting anvil.
   *
   * @param chainId the chain ID
   * @param blockTimeSeconds interval mining every so many seconds; empty for automine (a block per
   *     transaction, the default)
   * @param accounts how many funded dev accounts to create (at least 10)
   */
  public record Options(long chainId, Optional<Integer> blockTimeSeconds, int accounts) {
    public Options {
      if (chainId <= 0 || accounts < 1) {
        throw new IllegalArgumentException("chain ID and accounts must be positive");
      }
    }

    /** Automine, chain ID 31337, 10 accounts. */
    public static Options defaults() {
      return new Options(DEFAULT_CHAIN_ID, Optional.empty(), 10);
    }
  }

  /** Starts anvil with {@link Options#defaults()}. */
  public static AnvilNode start() {
    return start(Options.defaults());
  }

  /** Starts anvil; fails if the binary is missing or anvil does not answer within 20 s. */
  public static AnvilNode start(Options options) {
    Path binary = findBinary();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        return launch(binary, port, options);
      } catch (IllegalStateException e) {
        last = e; // most likely another process took the port between probe and bind
      }
    }
    throw last;
  }

  private static AnvilNode launch(Path binary, int port, Options options) {
    Path log;
    try {
      log = Files.createTempFile("anvil-" + port + "-", ".log");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create anvil log file", e);
    }
    List<String> cmd = new ArrayList<>(List.of(
        binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--chain-id", Long.toString(options.chainId()), "--accounts", Integer.toString(options.accounts())));
    options.blockTimeSeconds().ifPresent(b -> {
      cmd.add("--block-time");
      cmd.add(Integer.toString(b));
    });
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start anvil at " + binary + ": " + e.getMessage(), e);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AnvilNode node = new AnvilNode(p, log, port, options.chainId(), http);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("anvil exited with code " + p.exitValue() + " on port " + port + "; log: " + tail(log));
      }
      try {
        String id = node.rpc("eth_chainId");
        if (Long.decode(unquote(id)) == options.chainId()) {
          return node;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      pause(Duration.ofMillis(10));
    }
    node.close();
    throw new IllegalStateException("anvil did not answer eth_chainId within " + START_TIMEOUT + "; log: " + tail(log));
  }

  /**
   * Where the anvil binary is: {@code $ANVIL_BIN}, else {@code <repo>/node_modules/@foundry-rs/
   * anvil-linux-amd64/bin/anvil}, the repository root taken from system property {@code floe.root},
   * env {@code FLOE_ROOT}, or the nearest parent folder of the working directory with a
   * {@code package.json}.
   *
   * @throws IllegalStateException with instructions when it does not exist
   */
  public static Path findBinary() {
    String env = System.getenv(ANVIL_BIN_ENV);
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(ANVIL_BIN_ENV + "=" + env + " is not an executable file");
      }
      return p;
    }
    Path root = repositoryRoot();
    Path p = root.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    if (!Files.isExecutable(p)) {
      throw new IllegalStateException(
          "anvil binary not found at " + p + ". The Maven build installs it (tools/npm-ensure.sh runs "
              + "'npm install' from package-lock.json at validate); run 'bash " + root.resolve("tools/npm-ensure.sh")
              + "' or set " + ANVIL_BIN_ENV + " to an anvil 1.7.1 binary.");
    }
    return p;
  }

  private static Path repositoryRoot() {
    String prop = System.getProperty("floe.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath();
    }
    String env = System.getenv("FLOE_ROOT");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("package.json")) && Files.isDirectory(dir.resolve("tools"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the Floe repository root: set system property floe.root or env FLOE_ROOT");
  }

  /** The HTTP (and WebSocket) RPC URL. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The port anvil listens on. */
  public int port() {
    return port;
  }

  /** The chain ID. */
  public long chainId() {
    return chainId;
  }

  /**
   * Sends a JSON-RPC request and returns the raw JSON of its result (strings keep their quotes).
   *
   * @param method the RPC method
   * @param jsonParams each parameter as JSON text
   * @throws IllegalStateException when the node answers with an error or cannot be reached
   */
  public String rpc(String method, String... jsonParams) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + requestIds.incrementAndGet() + ",\"method\":\"" + method
        + "\",\"params\":[" + String.join(",", jsonParams) + "]}";
    HttpRequest req = HttpRequest.newBuilder(URI.create(rpcUrl()))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    String response;
    try {
      response = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    }
    int r = response.indexOf("\"result\"");
    if (r < 0) {
      throw new IllegalStateException(method + " failed: " + response);
    }
    return jsonValueAt(response, response.indexOf(':', r) + 1);
  }

  /** The JSON value starting at {@code from} (after whitespace): a string, literal, object or array. */
  static String jsonValueAt(String json, int from) {
    int i = from;
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    int start = i;
    int depth = 0;
    boolean inString = false;
    for (; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return json.substring(start, i + 1);
          }
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return json.substring(start, i).strip();
        }
        depth--;
        if (depth == 0) {
          return json.substring(start, i + 1);
        }
      } else if (c == ',' && depth == 0) {
        return json.substring(start, i).strip();
      }
    }
    return json.substring(start).strip();
  }

  /** The latest block number. */
  public long blockNumber() {
    return Long.decode(unquote(rpc("eth_blockNumber")));
  }

  /** The hash (0x-prefixed hex) of block {@code number}. */
  public String blockHash(long number) {
    String block = rpc("eth_getBlockByNumber", quoteHex(number), "false");
    Matcher m = Pattern.compile("\"hash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})\"").matcher(block);
    if (!m.find()) {
      throw new IllegalStateException("block " + number + " has no hash: " + block);
    }
    return m.group(1);
  }

  /**
   * Reorganizes the chain ({@code anvil_reorg}): the newest {@code depth} blocks are replaced by as
   * many new, empty blocks, so every one of them gets a new hash.
   */
  public void reorg(int depth) {
    rpc("anvil_reorg", Integer.toString(depth), "[]");
  }

  /** The timestamp (seconds) of the latest block. */
  public long latestBlockTimestamp() {
    String block = rpc("eth_getBlockByNumber", "\"latest\"", "false");
    Matcher m = Pattern.compile("\"timestamp\"\\s*:\\s*\"(0x[0-9a-fA-F]+)\"").matcher(block);
    if (!m.find()) {
      throw new IllegalStateException("latest block has no timestamp: " + block);
    }
    return Long.decode(m.group(1));
  }

  /** Moves chain time forward by {@code seconds} and mines a block with the new time. */
  public void increaseTime(long seconds) {
    rpc("evm_increaseTime", Long.toString(seconds));
    mine();
  }

  /** Mines one block. */
  public void mine() {
    rpc("evm_mine");
  }

  /** Mines {@code blocks} blocks. */
  public void mine(int blocks) {
    rpc("anvil_mine", quoteHex(blocks));
  }

  /** Sets the ETH balance of {@code address} (0x-hex). */
  public void setBalance(String address, BigInteger wei) {
    rpc("anvil_setBalance", "\"" + address + "\"", "\"0x" + wei.toString(16) + "\"");
  }

  /** Turns automine (a block per transaction) on or off. */
  public void setAutomine(boolean on) {
    rpc("evm_setAutomine", Boolean.toString(on));
  }

  /** Takes a snapshot of the chain state; returns its ID for {@link #revertTo}. */
  public String snapshot() {
    return unquote(rpc("evm_snapshot"));
  }

  /** Reverts the chain to a snapshot (which is consumed). */
  public void revertTo(String snapshotId) {
    rpc("evm_revert", "\"" + snapshotId + "\"");
  }

  /** Whether the anvil process is running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops anvil and deletes its log. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(logFile);
    } catch (IOException ignored) {
      // a temp file; nothing to do
    }
  }

  @Override
  public String toString() {
    return "anvil at " + rpcUrl() + " (chain " + chainId + ")";
  }

  private static String quoteHex(long v) {
    return "\"0x" + Long.toHexString(v) + "\"";
  }

  private static String unquote(String json) {
    return json.startsWith("\"") && json.endsWith("\"") ? json.substring(1, json.length() - 1) : json;
  }

  private static int freePort() {
    return FreePorts.pick();
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for anvil", e);
    }
  }
}
