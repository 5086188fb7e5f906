package dev.floe.client.testing;

import dev.floe.client.ClientConfig;
import dev.floe.client.FloeClient;
import dev.floe.client.ProgressListener;
import dev.floe.client.StoreOptions;
import dev.floe.client.testing.FaultyNodeProxy.Fault;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.blob.BlobId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChainCluster} of 4 nodes over 10 shards (f = 3) whose first {@code proxied} nodes sit
 * behind fault-injecting proxies, an SDK client over the owner's connection and one blob stored
 * through it: the fixture of the reader fault tests. {@link #heal()} clears every fault.
 */
public final class FaultyCluster implements AutoCloseable {
  /** Nodes in the cluster. */
  public static final int NODES = 4;
  /** Shards in the cluster. */
  public static final int SHARDS = 10;

  private final ChainCluster cluster;
  private final EvmControlPlane owner;
  private final FloeClient client;
  private final int proxied;
  private final byte[] blob;
  private final BlobId blobId;

  private FaultyCluster(ChainCluster cluster, EvmControlPlane owner, FloeClient client, int proxied, byte[] blob,
      BlobId blobId) {
    this.cluster = cluster;
    this.owner = owner;
    this.client = client;
    this.proxied = proxied;
    this.blob = blob;
    this.blobId = blobId;
  }

  /**
   * Starts the cluster and stores a random blob of {@code blobSize} bytes (from {@code seed}) for 3
   * epochs; the client hedges after 200 ms and gives each node request {@code requestTimeout}.
   */
  public static FaultyCluster start(Path dir, int proxied, Duration requestTimeout, int blobSize, long seed)
      throws Exception {
    ChainCluster cluster = new ChainCluster(dir, NODES, SHARDS, proxied);
    EvmControlPlane owner = null;
    FloeClient client = null;
    try {
      owner = cluster.ownerConnection();
      client = new FloeClient(owner, ClientConfig.builder()
          .requestTimeout(requestTimeout)
          .hedgeDelay(Duration.ofMillis(200))
          .confirmationTimeout(Duration.ofSeconds(10))
          .build());
      byte[] blob = randomBytes(blobSize, seed);
      BlobId blobId = client.store(blob, StoreOptions.forEpochs(3), ProgressListener.NONE)
          .get(2, TimeUnit.MINUTES).blobId();
      return new FaultyCluster(cluster, owner, client, proxied, blob, blobId);
    } catch (Exception | Error e) {
      closeAll(client, owner, cluster);
      throw e;
    }
  }

  /** {@code size} pseudo-random bytes from {@code seed}. */
  public static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  public ChainCluster cluster() {
    return cluster;
  }

  public EvmControlPlane owner() {
    return owner;
  }

  public FloeClient client() {
    return client;
  }

  /** The stored blob's bytes (a copy). */
  public byte[] blob() {
    return blob.clone();
  }

  public BlobId blobId() {
    return blobId;
  }

  /** Clears the faults of every proxied node. */
  public void heal() {
    for (int i = 0; i < proxied; i++) {
      cluster.proxy(i).fault(Fault.NONE);
    }
  }

  @Override
  public void close() {
    closeAll(client, owner, cluster);
  }

  private static void closeAll(FloeClient client, EvmControlPlane owner, ChainCluster cluster) {
    if (client != null) {
      client.close();
    }
    if (owner != null) {
      owner.close();
    }
    cluster.close();
  }
}
