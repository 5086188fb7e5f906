package dev.floe.node.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.EventRef;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.keys.ProtocolKeySigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.NodeException;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.Registration;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.testing.InMemoryChain;
import dev.floe.testkit.Await;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attest service's bounds with a real RocksDB store and real HTTP: while one request waits for
 * a challenge (the member's answers are held back), a request needing another challenge gets 503
 * at once; an outcome already known is answered without a new challenge.
 */
class ChallengeAttestServiceTest {
  private static final EncodingConfig CONFIG = new EncodingConfig(9);

  @TempDir Path dir;

  @Test
  void busyAttestsAreRefusedAndKnownOutcomesAreReused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    HttpServer member = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    member.setExecutor(Executors.newCachedThreadPool());
    member.createContext("/", exchange -> {
      requests.incrementAndGet();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(404, -1); // the slivers are gone
      exchange.close();
    });
    member.start();
    String url = "http://127.0.0.1:" + member.getAddress().getPort();
    List<ProtocolKeyPair> keys = new ArrayList<>();
    List<byte[]> addresses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(ProtocolKeyPair.generate(new SecureRandom()));
      addresses.add(keys.get(i).address());
    }
    InMemoryChain chain = new InMemoryChain(InMemoryChain.committee(2, 9, addresses, List.of("http://self", url, url)));
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(new byte[3_000]);
    ExecutorService pool = Executors.newCachedThreadPool();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (RocksSliverStore store = RocksSliverStore.open("test", dir.resolve("db"), 1 << 20, 1 << 20);
        PeerClient peers = new PeerClient(Duration.ofSeconds(10), 1 << 20)) {
      byte[] object = new byte[32];
      new Random(2).nextBytes(object);
      BlobInfo info = BlobInfo.registered(3_000, new Registration(object, false, 1, 10, -1), new EventRef(1, 0))
          .withCertified(object, false, 1, 10, new EventRef(2, 0));
      store.commit(new StoreBatch().putBlobInfo(blob.blobId(), info));
      StorageNodeConfig.Challenges settings = new StorageNodeConfig.Challenges(true, 0L, 4, 1, 10_000L, 10L, 1);
      ChallengeMetrics metrics = new ChallengeMetrics(new NodeMetrics("test").registry(), "test");
      MemberChallenge challenge = new MemberChallenge("test", peers, id -> Optional.of(blob.metadata()), settings);
      ProtocolKeySigner signer = new ProtocolKeySigner(keys.get(0));
      ChallengeOutcomes outcomes = new ChallengeOutcomes("test", store, chain.view(), challenge, signer.challengeKey(),
          settings, pool, timer, metrics);
      ChainState chainState = new ChainState("test", chain.view(), addresses.get(0));
      ChallengeAttestService service = new ChallengeAttestService("test", chainState, outcomes, signer, metrics,
          settings);
      assertThat(outcomes.eligibleBlobs(2)).containsExactly(blob.blobId());
      assertThat(outcomes.eligibleBlobs(1)).as("certified in epoch 1: not before it").isEmpty();

      byte[] first = new ChallengeFailureMessage(2, addresses.get(1)).toBytes();
      CompletableFuture<SignedMessage> waiting = CompletableFuture.supplyAsync(() -> service.attest(first), pool);
      Await.until("the first challenge reaches the member", Duration.ofSeconds(10), () -> requests.get() == 1);
      byte[] second = new ChallengeFailureMessage(2, addresses.get(2)).toBytes();
      assertThatThrownBy(() -> service.attest(second)).isInstanceOfSatisfying(NodeException.class,
          e -> assertThat(e.reason()).isEqualTo(ErrorReason.TOO_MANY_REQUESTS));

      release.countDown();
      SignedMessage signed = waiting.get(20, TimeUnit.SECONDS);
      assertThat(signed.message()).isEqualTo(first);
      assertThat(signed.isSignedBy(addresses.get(0))).isTrue();
      assertThat(metrics.challengesRun()).isEqualTo(1);
      assertThat(metrics.failuresObserved()).isEqualTo(1);

      // known outcome: answered again without challenging the member again
      assertThat(service.attest(first).message()).isEqualTo(first);
      assertThat(requests.get()).isEqualTo(1);
      assertThat(service.attest(second).message()).isEqualTo(second);
      assertThat(requests.get()).isEqualTo(2);
      assertThat(metrics.challengesRun()).isEqualTo(2);
      assertThat(metrics.attestationsSigned()).isEqualTo(3);
    } finally {
      release.countDown();
      member.stop(0);
      pool.shutdownNow();
      timer.shutdownNow();
    }
  }
}
