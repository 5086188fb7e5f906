package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeRequestException;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.client.testing.ChainCluster;
import dev.floe.client.testing.FaultyNodeProxy.Fault;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads stay live during an epoch change, on a real chain (anvil + contracts) with real nodes. A
 * blob is stored and certified in epoch 1 on 4 running nodes (10 shards: f = 3, a read needs n-2f =
 * 4 primary slivers). Then two more nodes are registered and staked so heavily that the committee of
 * epoch 2 gives them more than 2f shards, but they never run: they can neither sync their shards nor
 * report it, so the change to epoch 2 starts and cannot complete. The current committee then holds
 * too few of the blob's slivers for a read (the test shows it by asking the new owners directly);
 * the SDK must read from the previous owners instead, and still route around a lying node.
 */
class EpochChangeReadIT {
  private static final int NODES = 4;
  private static final int SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(SHARDS);

  @TempDir static Path tmp;
  private static ChainCluster cluster;
  private static EvmControlPlane owner;
  private static FloeClient client;

  @BeforeAll
  static void start() {
    cluster = new ChainCluster(tmp, NODES, SHARDS, 1);
    owner = cluster.ownerConnection();
    client = new FloeClient(owner, ClientConfig.builder()
        .requestTimeout(Duration.ofSeconds(2))
        .hedgeDelay(Duration.ofMillis(200))
        .build());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (owner != null) {
      owner.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void shouldReadABlobCertifiedBeforeTheChangeFromThePreviousOwnersWhileTheNewOwnersAreAbsent() throws Exception {
    byte[] blob = random(150_000, 11);
    BlobId blobId = client.store(blob, StoreOptions.forEpochs(3), ProgressListener.NONE)
        .get(2, TimeUnit.MINUTES).blobId();
    int certifiedEpoch = cluster.state().epoch();
    List<Address> absent = List.of(cluster.registerAbsentNode(100_000), cluster.registerAbsentNode(100_000));

    int changedTo = cluster.changeEpoch();

    EpochState state = cluster.state();
    assertThat(state.epoch()).isEqualTo(changedTo).isEqualTo(certifiedEpoch + 1);
    assertThat(state.phase()).as("the change cannot complete without the absent nodes").isEqualTo(EpochPhase.EPOCH_CHANGE_SYNC);
    CommitteeInfo next = owner.committee(changedTo).get(30, TimeUnit.SECONDS);
    int absentShards = absent.stream().mapToInt(a -> next.shardsOf(a).size()).sum();
    assertThat(absentShards).as("shards moved to the absent nodes").isGreaterThan(2 * CONFIG.maxFaulty());
    Asked asked = askCurrentOwners(next, blobId);
    assertThat(asked.served())
        .as("the current committee alone serves fewer than the n-2f slivers a read needs (reads failed before)")
        .isLessThan(CONFIG.primarySourceSymbols());
    assertThat(asked.unreachable()).as("the absent owners' pairs").isEqualTo(absentShards);

    assertThat(client.read(blobId, ReadOptions.DEFAULT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
        .isEqualTo(blob);
    assertThat(client.readRange(blobId, 70_000, 1_000).get(1, TimeUnit.MINUTES))
        .isEqualTo(Arrays.copyOfRange(blob, 70_000, 71_000));

    CommitteeInfo previous = owner.committee(certifiedEpoch).get(30, TimeUnit.SECONDS);
    assertThat(previous.members().getFirst().shards()).as("node-0 holds at most f shards").hasSizeLessThanOrEqualTo(
        CONFIG.maxFaulty());
    cluster.proxy(0).fault(Fault.CORRUPT_SLIVERS);
    try {
      assertThat(client.read(blobId, ReadOptions.STRICT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
          .as("a lying previous owner is routed around during the change too")
          .isEqualTo(blob);
    } finally {
      cluster.proxy(0).fault(Fault.NONE);
    }
    assertThat(cluster.state().phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_SYNC);
  }

  private record Asked(int served, int unreachable) {}

  /** Asks each pair's owner in {@code committee} for its primary sliver of {@code blobId}, directly. */
  private static Asked askCurrentOwners(CommitteeInfo committee, BlobId blobId) {
    int unreachable = 0;
    int served = 0;
    try (NodeTransport transport = new NodeTransport(Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      NodeDirectory directory = new NodeDirectory(committee, transport);
      for (int pair = 0; pair < SHARDS; pair++) {
        try {
          directory.ownerOfPair(blobId, pair).client().getSliver(blobId, pair, SliverType.PRIMARY);
          served++;
        } catch (NodeRequestException e) {
          if (e.isUnreachable()) {
            unreachable++;
          }
        }
      }
    }
    return new Asked(served, unreachable);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
