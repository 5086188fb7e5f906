package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.client.ProgressListener.Phase;
import dev.floe.client.testing.ChainCluster;
import dev.floe.controlplane.evm.EvmControlPlane;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's store path against a real chain (anvil, the contracts, the EVM control plane) and real
 * storage nodes, when the epoch changes between the registration and the upload: the nodes then
 * confirm for the new epoch, so the store must notice, re-read the committee, upload again and
 * certify with confirmations of the new epoch.
 */
class EpochChangeStoreIT {
  private static final int NODES = 4;
  private static final int SHARDS = 10;

  @TempDir static Path tmp;
  private static ChainCluster cluster;
  private static EvmControlPlane owner;
  private static FloeClient client;

  @BeforeAll
  static void start() {
    cluster = new ChainCluster(tmp, NODES, SHARDS);
    owner = cluster.ownerConnection();
    client = new FloeClient(owner, ClientConfig.defaults());
  }

  @AfterAll
  static void stop() throws Exception {
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
  void shouldUploadAgainAndCertifyForTheNewEpochWhenTheEpochChangesAfterRegistration() throws Exception {
    byte[] blob = random(200_000, 1);
    int startEpoch = cluster.state().epoch();
    AtomicBoolean changed = new AtomicBoolean();
    List<Phase> rounds = new CopyOnWriteArrayList<>();
    ProgressListener changeAfterRegistering = (phase, done, total) -> {
      if (phase == Phase.REGISTERING && done == 1 && changed.compareAndSet(false, true)) {
        cluster.changeEpoch();
      }
      if (phase == Phase.UPLOADING && done == 0) {
        rounds.add(phase);
      }
    };

    StoreResult result = client.store(blob, StoreOptions.forEpochs(3), changeAfterRegistering).get(3, TimeUnit.MINUTES);

    assertThat(changed).isTrue();
    assertThat(result).isInstanceOf(StoreResult.NewlyCreated.class);
    StoreResult.NewlyCreated created = (StoreResult.NewlyCreated) result;
    assertThat(created.blobObject().registeredEpoch()).isEqualTo(startEpoch);
    assertThat(created.blobObject().certifiedEpoch()).hasValue(startEpoch + 1);
    assertThat(rounds).as("upload rounds: the first to the committee of the old epoch, then the new one").hasSize(2);
    assertThat(client.read(result.blobId(), ReadOptions.DEFAULT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
        .isEqualTo(blob);
  }

  @Test
  void shouldUploadOnceWhenTheEpochStaysTheSame() throws Exception {
    byte[] blob = random(50_000, 2);
    int epoch = cluster.state().epoch();
    List<Phase> rounds = new CopyOnWriteArrayList<>();
    ProgressListener progress = (phase, done, total) -> {
      if (phase == Phase.UPLOADING && done == 0) {
        rounds.add(phase);
      }
    };

    StoreResult result = client.store(blob, StoreOptions.forEpochs(2), progress).get(3, TimeUnit.MINUTES);

    assertThat(((StoreResult.NewlyCreated) result).blobObject().certifiedEpoch()).hasValue(epoch);
    assertThat(rounds).hasSize(1);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
