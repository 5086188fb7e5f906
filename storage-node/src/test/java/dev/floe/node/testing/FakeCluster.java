package dev.floe.node.testing;

import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.node.StorageNode;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.keys.ProtocolKeySigner;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * In-process storage nodes on loopback over an {@link InMemoryChain} (logic tests); each node has
 * its own RocksDB folder and can be stopped and restarted on the same data.
 */
public final class FakeCluster implements AutoCloseable {
  private final Path dir;
  private final Vertx vertx;
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final List<Integer> ports;
  private final List<String> urls = new ArrayList<>();
  private final StorageNode[] nodes;
  private final InMemoryChain chain;
  private final StorageNodeConfig.Limits limits;
  private volatile StorageNodeConfig.ShardSync shardSync;
  private volatile StorageNodeConfig.Recovery recovery = new StorageNodeConfig.Recovery(2, 20, 20L, 200L, 5_000L);

  public FakeCluster(Path dir, int nodeCount, int nShards, StorageNodeConfig.Limits limits) {
    this.dir = dir;
    this.limits = limits;
    this.vertx = Vertx.vertx();
    this.ports = FreePorts.allocate(nodeCount);
    SecureRandom random = new SecureRandom();
    List<byte[]> addresses = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      ProtocolKeyPair k = ProtocolKeyPair.generate(random);
      keys.add(k);
      addresses.add(k.address());
      urls.add("http://127.0.0.1:" + ports.get(i));
    }
    this.chain = new InMemoryChain(InMemoryChain.committee(1, nShards, addresses, urls));
    this.nodes = new StorageNode[nodeCount];
  }

  public InMemoryChain chain() {
    return chain;
  }

  public NodeCommittee committee() {
    return chain.committee();
  }

  public String url(int i) {
    return urls.get(i);
  }

  public ProtocolKeyPair key(int i) {
    return keys.get(i);
  }

  public StorageNode node(int i) {
    return nodes[i];
  }

  public int size() {
    return nodes.length;
  }

  /** Shard migration settings of nodes started from now on (null = defaults). */
  public FakeCluster shardSync(StorageNodeConfig.ShardSync settings) {
    this.shardSync = settings;
    return this;
  }

  /** Recovery settings of nodes started from now on. */
  public FakeCluster recovery(StorageNodeConfig.Recovery settings) {
    this.recovery = settings;
    return this;
  }

  /** The data folder of node {@code i}. */
  public Path dataDir(int i) {
    return dir.resolve("node-" + i);
  }

  /** The config of node {@code i}. */
  public StorageNodeConfig config(int i, boolean metrics) {
    return new StorageNodeConfig("node-" + i, dir.resolve("node-" + i),
        new StorageNodeConfig.RestApi("127.0.0.1", ports.get(i), null),
        new StorageNodeConfig.Metrics(metrics, "127.0.0.1", 0),
        new StorageNodeConfig.Chain("http://127.0.0.1:1", Path.of("unused-deployment.json"), 0, 20L),
        null, limits,
        recovery, shardSync);
  }

  /** Starts node {@code i} and waits until it has caught up with the chain. */
  public StorageNode start(int i) {
    return start(i, false);
  }

  public StorageNode start(int i, boolean metrics) {
    StorageNode node = StorageNode.create(config(i, metrics), chain.view(), new ProtocolKeySigner(keys.get(i)), vertx);
    node.start().join();
    nodes[i] = node;
    try {
      if (!node.events().awaitCaughtUp(Duration.ofSeconds(20))) {
        throw new IllegalStateException("node " + i + " did not catch up");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return node;
  }

  /** Starts every node. */
  public FakeCluster startAll() {
    for (int i = 0; i < nodes.length; i++) {
      start(i);
    }
    return this;
  }

  /** Stops node {@code i} (its data stays). */
  public void stop(int i) {
    if (nodes[i] != null) {
      nodes[i].close();
      nodes[i] = null;
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      stop(i);
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
