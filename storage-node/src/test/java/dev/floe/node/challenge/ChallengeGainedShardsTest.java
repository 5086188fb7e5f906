package dev.floe.node.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.protocol.EventRef;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.ChainState;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.Registration;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.testing.InMemoryChain;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards a member gained at the epoch's change are not challenged in that epoch (the chain finishes
 * the change without waiting for every new owner, which may still be pulling them), with a real
 * RocksDB store and real HTTP: a newcomer that answers nothing yet passes without being asked,
 * while a member that cannot answer for a shard it already held fails.
 */
class ChallengeGainedShardsTest {
  private static final int N_SHARDS = 9;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;

  @Test
  void aNewOwnerStillSyncingIsNotChallengedForItsGainedShards() throws Exception {
    AtomicInteger newcomerRequests = new AtomicInteger();
    HttpServer newcomer = notStoringMember(newcomerRequests);
    HttpServer other = notStoringMember(new AtomicInteger());
    List<byte[]> addresses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      addresses.add(ProtocolKeyPair.generate(new SecureRandom()).address());
    }
    List<String> urls = List.of("http://self", url(other), url(newcomer));
    // epoch 1: self and other; epoch 2: the newcomer joins and takes shards 2, 5, 8 (other keeps 1 and 7)
    InMemoryChain chain = new InMemoryChain(InMemoryChain.committee(1, N_SHARDS, addresses.subList(0, 2),
        urls.subList(0, 2)));
    EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(new byte[3_000]);
    ExecutorService pool = Executors.newCachedThreadPool();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (RocksSliverStore store = RocksSliverStore.open("test", dir.resolve("db"), 1 << 20, 1 << 20);
        PeerClient peers = new PeerClient(Duration.ofSeconds(10), 1 << 20)) {
      byte[] object = new byte[32];
      new Random(3).nextBytes(object);
      BlobInfo info = BlobInfo.registered(3_000, new Registration(object, false, 1, 10, -1), new EventRef(1, 0))
          .withCertified(object, false, 1, 10, new EventRef(2, 0));
      store.commit(new StoreBatch().putBlobInfo(blob.blobId(), info));
      chain.advanceEpoch(InMemoryChain.committee(2, N_SHARDS, addresses, urls));
      StorageNodeConfig.Challenges settings = new StorageNodeConfig.Challenges(true, 0L, 8, 1, 10_000L, 10L, 1);
      ChallengeMetrics metrics = new ChallengeMetrics(new NodeMetrics("test").registry(), "test");
      MemberChallenge challenge = new MemberChallenge("test", peers, id -> Optional.of(blob.metadata()), settings);
      byte[] challengeKey = new byte[32];
      new Random(4).nextBytes(challengeKey);
      ChallengeOutcomes outcomes = new ChallengeOutcomes("test", store, chain.view(), challenge, challengeKey, settings,
          pool, timer, metrics);
      ChainState.Snapshot snap = new ChainState("test", chain.view(), addresses.get(0)).refresh();
      CommitteeMember joined = snap.committee().members().get(2);
      CommitteeMember stayed = snap.committee().members().get(1);
      assertThat(outcomes.settledShards(2, joined)).isEmpty();
      assertThat(outcomes.settledShards(2, stayed)).containsExactly(1, 7);

      ChallengeOutcome newcomerOutcome = outcomes.of(snap, joined).get(20, TimeUnit.SECONDS);
      assertThat(newcomerOutcome.passed()).as(newcomerOutcome.reason()).isTrue();
      assertThat(newcomerOutcome.symbolsChecked()).isZero();
      assertThat(newcomerRequests.get()).as("nothing asked of the newcomer").isZero();

      ChallengeOutcome otherOutcome = outcomes.of(snap, stayed).get(20, TimeUnit.SECONDS);
      assertThat(otherOutcome.passed()).as("a member that lost the shards it held fails").isFalse();
      assertThat(otherOutcome.reason()).containsAnyOf("(shard 1)", "(shard 7)");
    } finally {
      newcomer.stop(0);
      other.stop(0);
      pool.shutdownNow();
      timer.shutdownNow();
    }
  }

  /** A member that has none of the slivers (404 to every request), counting the requests. */
  private static HttpServer notStoringMember(AtomicInteger requests) throws Exception {
    HttpServer member = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    member.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    member.start();
    return member;
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
