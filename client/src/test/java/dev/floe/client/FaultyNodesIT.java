package dev.floe.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.floe.client.testing.ChainCluster;
import dev.floe.client.testing.FaultyCluster;
import dev.floe.client.testing.FaultyNodeProxy.Fault;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.BlobSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against faulty storage nodes on a real chain (anvil + contracts) with real nodes (RocksDB,
 * HTTP on loopback): three of the four nodes sit behind {@link
 * dev.floe.client.testing.FaultyNodeProxy proxies} that can stall or corrupt what they serve. 10
 * shards: f = 3, a read needs n-2f = 4 verified primary slivers, a store a quorum of 7 shards.
 */
class FaultyNodesIT {
  @TempDir static Path tmp;
  private static final int PROXIED = 3;

  private static FaultyCluster net;
  private static ChainCluster cluster;
  private static EvmControlPlane owner;
  private static FloeClient client;
  private static byte[] blob;
  private static BlobId blobId;

  @BeforeAll
  static void start() throws Exception {
    net = FaultyCluster.start(tmp, PROXIED, Duration.ofSeconds(1), 100_000, 7);
    cluster = net.cluster();
    owner = net.owner();
    client = net.client();
    blob = net.blob();
    blobId = net.blobId();
  }

  @AfterAll
  static void stop() {
    if (net != null) {
      net.close();
    }
  }

  @AfterEach
  void heal() {
    net.heal();
  }

  @Test
  void shouldReadAroundANodeThatStallsItsAnswersAndOneThatCorruptsSlivers() throws Exception {
    cluster.proxy(0).fault(Fault.STALL_READS);
    cluster.proxy(1).fault(Fault.CORRUPT_SLIVERS);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        assertThat(client.read(blobId, ReadOptions.DEFAULT, ProgressListener.NONE).get()).isEqualTo(blob));
  }

  @Test
  void shouldEndWithNotAvailableInBoundedTimeWhenTooManyNodesStallTheirBodies() {
    for (int i = 0; i < PROXIED; i++) {
      cluster.proxy(i).fault(Fault.STALL_READS);
    }
    assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        assertThatThrownBy(() -> client.read(blobId, ReadOptions.DEFAULT, ProgressListener.NONE).get())
            .hasCauseInstanceOf(BlobNotAvailableException.class));
  }

  @Test
  void shouldNeverReturnWrongBytesWhenTooManyNodesCorruptTheirSlivers() {
    for (int i = 0; i < PROXIED; i++) {
      cluster.proxy(i).fault(Fault.CORRUPT_SLIVERS);
    }
    assertThatThrownBy(() -> client.read(blobId, ReadOptions.DEFAULT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
        .hasCauseInstanceOf(BlobNotAvailableException.class);
  }

  @Test
  void shouldClampRangesAtTheBlobsEndWithoutOverflowing() throws Exception {
    BlobReader reader = client.reader();
    int size = blob.length;
    assertThat(reader.readRange(blobId, 1, Long.MAX_VALUE, ProgressListener.NONE))
        .isEqualTo(Arrays.copyOfRange(blob, 1, size));
    assertThat(reader.readRange(blobId, size - 3, 10, ProgressListener.NONE))
        .isEqualTo(Arrays.copyOfRange(blob, size - 3, size));
    assertThat(reader.readRange(blobId, size, 0, ProgressListener.NONE)).isEmpty();
    assertThat(reader.readRange(blobId, 5, 0, ProgressListener.NONE)).isEmpty();
    assertThatThrownBy(() -> reader.readRange(blobId, size, 1, ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beyond the end");
    assertThatThrownBy(() -> reader.readRange(blobId, -1, 1, ProgressListener.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCallTheWholeDecodeHookOnlyWhenARangeFallsBackToTheWholeBlob() throws Exception {
    BlobReader reader = client.reader();
    int size = blob.length;
    java.util.List<Long> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.LongConsumer refuse = length -> {
      calls.add(length);
      throw new IllegalStateException("whole decode refused by the test");
    };
    for (int k = 0; k < 10; k++) {
      int start = k * (size / 10);
      assertThat(reader.readRange(blobId, start, 100, ProgressListener.NONE, refuse))
          .as("healthy nodes serve every range from its slivers, without the hook")
          .isEqualTo(Arrays.copyOfRange(blob, start, start + 100));
    }
    assertThat(calls).isEmpty();

    for (int i = 0; i < PROXIED; i++) {
      cluster.proxy(i).fault(Fault.CORRUPT_SLIVERS);
    }
    int servedBySlivers = 0;
    for (int k = 0; k < 10; k++) {
      int start = k * (size / 10);
      int before = calls.size();
      try {
        byte[] range = reader.readRange(blobId, start, 100, ProgressListener.NONE, refuse);
        assertThat(range).isEqualTo(Arrays.copyOfRange(blob, start, start + 100));
        assertThat(calls).as("a range its (healthy) slivers serve does not call the hook").hasSize(before);
        servedBySlivers++;
      } catch (IllegalStateException e) {
        assertThat(e).hasMessage("whole decode refused by the test");
        assertThat(calls).as("called once, with the blob's length, before the fallback").hasSize(before + 1);
        assertThat(calls.getLast()).isEqualTo(size);
      }
    }
    assertThat(calls).as("ranges on the corrupting nodes' slivers fall back").isNotEmpty();
    assertThat(servedBySlivers + calls.size()).isEqualTo(10);
  }

  @Test
  void shouldRebuildTheRowsOfARangeFromRecoverySymbolsInsteadOfDecodingTheWholeBlob() throws Exception {
    BlobReader reader = client.reader();
    int size = blob.length;
    java.util.function.LongConsumer refuse = length -> {
      throw new IllegalStateException("whole decode refused by the test");
    };
    EncodingConfig encoding = new EncodingConfig(FaultyCluster.SHARDS);
    long rowBytes = encoding.sliverSize(dev.floe.core.encoding.SliverType.PRIMARY, size);
    for (Fault fault : List.of(Fault.CORRUPT_SLIVERS, Fault.STALL_READS)) {
      cluster.proxy(0).fault(fault); // at most f shards: every row can be rebuilt from the other nodes' symbols
      for (int k = 0; k < 10; k++) {
        int start = k * (size / 10);
        long before = client.bytesReceivedFromNodes();
        assertThat(reader.readRange(blobId, start, 1000, ProgressListener.NONE, refuse))
            .as("%s, range at %d", fault, start)
            .isEqualTo(Arrays.copyOfRange(blob, start, start + 1000));
        assertThat(client.bytesReceivedFromNodes() - before)
            .as("a range costs its row, or a corrupt row plus the symbols that rebuild it (a row's worth and"
                + " proofs), never the %d-row blob", encoding.primarySourceSymbols())
            .isLessThan(3 * rowBytes);
      }
      assertThat(reader.readRange(blobId, 0, size, ProgressListener.NONE, length -> { }))
          .as("a range over every row costs a whole-blob read either way").isEqualTo(blob);
      net.heal();
    }
  }

  @Test
  void shouldCallABlobWhoseRebuiltRowDisagreesWithItsMetadataInvalid() throws Exception {
    BlobId bad = dev.floe.client.testing.InconsistentBlobs.store(
        owner, FaultyCluster.randomBytes(60_000, 41), FaultyCluster.randomBytes(60_000, 42));
    BlobReader reader = client.reader();
    java.util.function.LongConsumer refuse = length -> {
      throw new IllegalStateException("whole decode refused by the test");
    };
    byte[] rowZero = reader.readRange(bad, 0, 100, ProgressListener.NONE, refuse);
    int invalid = 0;
    for (int i = 0; i < PROXIED; i++) {
      cluster.proxy(i).fault(Fault.CORRUPT_SLIVERS);
      try {
        assertThat(reader.readRange(bad, 0, 100, ProgressListener.NONE, refuse))
            .as("row 0 is not on proxy %d: served by its sliver", i).isEqualTo(rowZero);
      } catch (BlobInvalidException e) {
        assertThat(e).hasMessageContaining("primary sliver 0 rebuilt from valid recovery symbols");
        invalid++;
      }
      net.heal();
    }
    assertThat(invalid).as("row 0's owner is one of the proxied nodes; rebuilt, it disagrees with its hash").isOne();
  }

  @Test
  void shouldFinishAStreamedStoreWhenANodeStallsItsAnswersToSliverUploads() throws Exception {
    cluster.proxy(0).fault(Fault.STALL_SLIVER_PUTS);
    ClientConfig streaming = client.config().toBuilder()
        .inMemoryEncodingLimit(0)
        .maxBytesInFlight(16 << 10)
        .extraConfirmationWait(Duration.ZERO)
        .build();
    byte[] data = FaultyCluster.randomBytes(300_000, 11);
    try (FloeClient streamingClient = new FloeClient(owner, streaming)) {
      StoreResult stored = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
          streamingClient.writer().store(BlobSource.of(data), StoreOptions.forEpochs(2), ProgressListener.NONE));
      assertThat(stored).isInstanceOf(StoreResult.NewlyCreated.class);
      cluster.proxy(0).fault(Fault.NONE);
      assertThat(streamingClient.read(stored.blobId(), ReadOptions.DEFAULT, ProgressListener.NONE)
          .get(1, TimeUnit.MINUTES)).isEqualTo(data);
    }
  }

  @Test
  void shouldReuseTheUncertifiedRegistrationLeftByAFailedStoreInsteadOfPayingAgain() throws Exception {
    byte[] data = FaultyCluster.randomBytes(40_000, 13);
    var metadata = new RedStuffEncoder(new EncodingConfig(FaultyCluster.SHARDS)).computeMetadata(data);
    // what a store leaves behind when its upload or certification fails: a paid, uncertified registration
    BlobObject orphan = owner.reserveAndRegisterBlob(new BlobRegistration(metadata.blobId(),
        metadata.metadata().computeRoot(), data.length, EncodingType.RS2, false), 3).get(1, TimeUnit.MINUTES);
    TokenAmount before = owner.balanceOf(owner.account()).get(1, TimeUnit.MINUTES);

    StoreResult retried = client.store(data, StoreOptions.forEpochs(2), ProgressListener.NONE).get(2, TimeUnit.MINUTES);

    assertThat(retried).isInstanceOf(StoreResult.NewlyCreated.class);
    StoreResult.NewlyCreated created = (StoreResult.NewlyCreated) retried;
    assertThat(created.blobObject().objectId()).isEqualTo(orphan.objectId());
    assertThat(created.blobObject().isCertified()).isTrue();
    assertThat(created.operation().reusedRegistration()).isTrue();
    assertThat(created.cost()).isZero();
    assertThat(owner.balanceOf(owner.account()).get(1, TimeUnit.MINUTES)).isEqualTo(before);
    assertThat(client.read(metadata.blobId(), ReadOptions.DEFAULT, ProgressListener.NONE).get(1, TimeUnit.MINUTES))
        .isEqualTo(data);
  }

  @Test
  void shouldRefuseMoreEpochsThanTheDeploymentAllowsBeforeRegisteringAnything() throws Exception {
    int max = owner.deployment().parameters().maxEpochsAhead();
    byte[] data = FaultyCluster.randomBytes(1_000, 17);
    assertThatThrownBy(() -> client.store(data, StoreOptions.forEpochs(max + 1), ProgressListener.NONE)
            .get(1, TimeUnit.MINUTES))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum of " + max + " epochs ahead");
    BlobId id = new RedStuffEncoder(new EncodingConfig(FaultyCluster.SHARDS)).computeMetadata(data).blobId();
    assertThat(owner.blobStatus(id).get(1, TimeUnit.MINUTES)).isInstanceOf(BlobStatus.Nonexistent.class);
  }

}
