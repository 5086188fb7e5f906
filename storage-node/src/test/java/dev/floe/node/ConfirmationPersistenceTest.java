package dev.floe.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.core.protocol.Routes;
import dev.floe.node.testing.FakeCluster;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A permanent storage confirmation is a promise that the blob stays stored until a permanent
 * registration ends. A node must not sign one for a blob whose only live registrations are
 * deletable: the uploader could delete them (every node then drops the data), register the blob
 * permanently in the same epoch and certify that registration with the confirmations it collected
 * earlier, making the chain report a permanent, available blob that no node stores. Real node on
 * loopback with RocksDB, over the in-memory chain.
 */
class ConfirmationPersistenceTest {
  private static final int N_SHARDS = 10;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir static Path dir;
  static FakeCluster cluster;
  static TestClient client;
  static final Random RANDOM = new Random(3);

  @BeforeAll
  static void start() {
    cluster = new FakeCluster(dir, 1, N_SHARDS,
        new StorageNodeConfig.Limits(1L << 20, 4L << 20, 60L, null, null, 4, 2, 3_000L, 16));
    cluster.start(0);
    client = new TestClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @AfterEach
  void release() {
    cluster.chain().releaseEvents();
  }

  @Test
  void noPermanentConfirmationForABlobWithOnlyDeletableRegistrations() {
    EncodedBlob blob = encode(3000);
    BlobId id = blob.blobId();
    byte[] deletable = cluster.chain().register(id, 3000, 3, true);
    await("the node sees the registration", () -> cluster.node(0).store().blobInfo(id).isPresent());
    client.store(blob, cluster.committee(), List.of(), false);

    Response perm = client.confirmation(cluster.url(0), id);
    assertThat(perm.status()).as("permanent confirmation with only a deletable registration: " + perm.text())
        .isBetween(400, 499);
    assertThat(perm.reason()).isEqualTo("NOT_REGISTERED");
    Response poll = client.get(cluster.url(0) + Routes.permanentConfirmation(id)
        + "?wait_for_registration=true&wait_millis=300");
    assertThat(poll.reason()).as("a long-poll waits for a permanent registration: " + poll.text())
        .isEqualTo("REGISTRATION_WAIT_TIMEOUT");

    // the deletable confirmation names the object and is given
    Response del = client.get(cluster.url(0) + Routes.deletableConfirmation(id, deletable));
    assertThat(del.status()).as(del.text()).isEqualTo(200);
    assertThat(StorageConfirmation.parse(TestClient.signed(del).message()).persistence())
        .isEqualTo(BlobPersistence.deletable(deletable));

    // once a permanent registration exists, the permanent confirmation is given
    cluster.chain().register(id, 3000, 3, false);
    await("the node sees the permanent registration",
        () -> cluster.node(0).store().blobInfo(id).map(i -> i.hasLivePermanent(1)).orElse(false));
    Response later = client.confirmation(cluster.url(0), id);
    assertThat(later.status()).as(later.text()).isEqualTo(200);
    assertThat(StorageConfirmation.parse(TestClient.signed(later).message()).persistence())
        .isEqualTo(BlobPersistence.PERMANENT);
  }

  @Test
  void aLaggingNodeConfirmsFromTheChainOnlyWhatIsRegisteredPermanently() throws Exception {
    // the node has not processed the registrations: it answers from a direct chain read
    cluster.chain().holdEvents();
    EncodedBlob onlyDeletable = encode(3100);
    cluster.chain().register(onlyDeletable.blobId(), 3100, 3, true);
    EncodedBlob permanent = encode(3200);
    cluster.chain().register(permanent.blobId(), 3200, 3, false);
    Thread.sleep(300); // past the reuse time of the node's earlier chain answers
    client.store(onlyDeletable, cluster.committee(), List.of(), false);
    client.store(permanent, cluster.committee(), List.of(), false);

    Response refused = client.confirmation(cluster.url(0), onlyDeletable.blobId());
    assertThat(refused.status()).as(refused.text()).isBetween(400, 499);
    assertThat(refused.reason()).as(refused.text()).isEqualTo("NOT_REGISTERED");
    Response given = client.confirmation(cluster.url(0), permanent.blobId());
    assertThat(given.status()).as(given.text()).isEqualTo(200);
  }

  private static EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    RANDOM.nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not reached in time");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
