package dev.floe.node.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.DecodingSymbol;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.EventRef;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.keys.ProtocolKeySigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.recovery.PeerClient;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.NodeException;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.Registration;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.testing.FreePorts;
import dev.floe.node.testing.InMemoryChain;
import java.io.IOException;
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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of members that cannot be reached, with a real RocksDB store, real HTTP on loopback and
 * the attest service on top: a member that is down for the first run and back before the retry
 * passes (and is not attested meanwhile); one that stays down fails only once every retry was
 * unreachable, and is attested only then; one that answers with bad proofs fails at once, without
 * a retry.
 */
class ChallengeRetryTest {
  private static final int N_SHARDS = 9;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);
  private static final int SYMBOLS = 4;
  private static final EncodedBlob BLOB = new RedStuffEncoder(CONFIG).encode(blobBytes());

  @TempDir Path dir;

  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private RocksSliverStore store;
  private PeerClient peers;
  private int port;
  private ChallengeMetrics metrics;
  private ChallengeOutcomes outcomes;
  private ChallengeAttestService attest;
  private ChainState.Snapshot snap;
  private CommitteeMember target;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    pool.shutdownNow();
    timer.shutdownNow();
    if (peers != null) {
      peers.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aMemberBackBeforeTheRetryPassesAndIsNotAttestedMeanwhile() throws Exception {
    setUp(2, 2_000L);
    ChallengeOutcome first = outcomes.firstRun(snap, target).get(10, TimeUnit.SECONDS);
    assertThat(first.result()).as(first.toString()).isEqualTo(ChallengeOutcome.Result.UNREACHABLE);
    assertThat(first.runs()).isEqualTo(1);
    assertThat(outcomes.finished(2, target.nodeId())).as("an unreachable run is not the epoch's outcome").isEmpty();
    assertNotReady(this::attest, "in 1 of 3 runs");

    serve(false); // the member is back (restarted) before the first retry
    ChallengeOutcome outcome = outcomes.of(snap, target).get(10, TimeUnit.SECONDS);
    assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ChallengeOutcome.Result.PASSED);
    assertThat(outcome.runs()).isEqualTo(2);
    assertThat(outcome.symbolsChecked()).isEqualTo(SYMBOLS);
    assertThat(requests.get()).isEqualTo(SYMBOLS);
    assertThat(metrics.retries()).isEqualTo(1);
    assertThat(metrics.challengesRun()).isEqualTo(1);
    assertThat(metrics.failuresObserved()).isZero();
    assertThatThrownBy(this::attest).isInstanceOfSatisfying(NodeException.class,
        e -> assertThat(e.reason()).isEqualTo(ErrorReason.CHALLENGE_PASSED));
    assertThat(metrics.attestationsSigned()).isZero();
  }

  @Test
  void aMemberThatStaysDownFailsOnlyOnceEveryRetryWasUnreachable() throws Exception {
    setUp(2, 300L);
    long start = System.nanoTime();
    assertNotReady(this::attest, "of its challenge of epoch 2 yet");
    ChallengeOutcome outcome = outcomes.of(snap, target).get(10, TimeUnit.SECONDS);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ChallengeOutcome.Result.UNREACHABLE);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.runs()).isEqualTo(3);
    assertThat(outcome.reason()).contains("no answer after 1 attempts");
    assertThat(elapsedMillis).as("retried 300 ms and 600 ms after the runs").isGreaterThanOrEqualTo(900);
    assertThat(metrics.retries()).isEqualTo(2);
    assertThat(metrics.unreachable()).isEqualTo(1);
    assertThat(metrics.failuresObserved()).isEqualTo(1);
    assertThat(metrics.challengesRun()).isEqualTo(1);

    // retries exhausted: the attester signs now
    byte[] message = new ChallengeFailureMessage(2, target.nodeId()).toBytes();
    assertThat(attest().message()).isEqualTo(message);
    assertThat(metrics.attestationsSigned()).isEqualTo(1);
    assertThat(metrics.challengesRun()).as("the attest request reused the outcome").isEqualTo(1);
  }

  @Test
  void aMemberServingBadProofsFailsAtOnceWithoutRetry() throws Exception {
    setUp(3, 5_000L);
    serve(true);
    ChallengeOutcome outcome = outcomes.of(snap, target).get(10, TimeUnit.SECONDS);
    assertThat(outcome.result()).as(outcome.toString()).isEqualTo(ChallengeOutcome.Result.FAILED);
    assertThat(outcome.reason()).contains("invalid answer");
    assertThat(outcome.runs()).isEqualTo(1);
    assertThat(requests.get()).isEqualTo(1);
    assertThat(metrics.retries()).isZero();
    assertThat(metrics.unreachable()).isZero();
    assertThat(attest().message()).isEqualTo(new ChallengeFailureMessage(2, target.nodeId()).toBytes());
  }

  /** Node 0 (this node) challenges node 1, whose URL is a free port nothing listens on yet. */
  private void setUp(int retries, long retryBackoffMillis) throws Exception {
    port = FreePorts.allocate(1).get(0);
    List<byte[]> addresses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(ProtocolKeyPair.generate(new SecureRandom()));
      addresses.add(keys.get(i).address());
    }
    InMemoryChain chain = new InMemoryChain(InMemoryChain.committee(2, N_SHARDS, addresses,
        List.of("http://self", "http://127.0.0.1:" + port, "http://127.0.0.1:1")));
    store = RocksSliverStore.open("test", dir.resolve("db"), 1 << 20, 1 << 20);
    peers = new PeerClient(Duration.ofSeconds(2), 1 << 20);
    byte[] object = new byte[32];
    new Random(2).nextBytes(object);
    BlobInfo info = BlobInfo.registered(BLOB.metadata().unencodedLength(), new Registration(object, false, 1, 10, -1),
        new EventRef(1, 0)).withCertified(object, false, 1, 10, new EventRef(2, 0));
    store.commit(new StoreBatch().putBlobInfo(BLOB.blobId(), info));
    StorageNodeConfig.Challenges settings = new StorageNodeConfig.Challenges(true, 0L, SYMBOLS, 1, 2_000L, 10L, 2,
        retries, retryBackoffMillis);
    metrics = new ChallengeMetrics(new NodeMetrics("test").registry(), "test");
    MemberChallenge challenge = new MemberChallenge("test", peers, id -> Optional.of(BLOB.metadata()), settings);
    ProtocolKeySigner signer = new ProtocolKeySigner(keys.get(0));
    outcomes = new ChallengeOutcomes("test", store, chain.view(), challenge, signer.challengeKey(), settings, pool,
        timer, metrics);
    ChainState chainState = new ChainState("test", chain.view(), addresses.get(0));
    snap = chainState.refresh();
    target = snap.committee().members().get(1);
    attest = new ChallengeAttestService("test", chainState, outcomes, signer, metrics, settings);
  }

  private SignedMessage attest() {
    return attest.attest(new ChallengeFailureMessage(2, target.nodeId()).toBytes());
  }

  /** The attester refuses with a retryable error while its own retries of the member are pending. */
  private void assertNotReady(ThrowingCallable call, String detail) {
    assertThatThrownBy(call).isInstanceOfSatisfying(NodeException.class, e -> {
      assertThat(e.reason()).isEqualTo(ErrorReason.NODE_NOT_READY);
      assertThat(e.getMessage()).contains("could not reach node-1").contains(detail).contains("retry later");
    });
  }

  /** Starts the member on its port: it answers every symbol of the blob, with a bad proof if asked. */
  private void serve(boolean badProofs) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = answer(exchange.getRequestURI().getRawQuery(), badProofs);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  private static byte[] answer(String query, boolean badProof) {
    SymbolQuery q = SymbolQuery.parse(query);
    SymbolId symbol = q.symbol();
    SliverType axis = q.axis();
    int pair = axis == SliverType.PRIMARY ? symbol.primary() : CONFIG.secondarySliverIndex(symbol.secondary());
    GeneralRecoverySymbol g = new RecoverySymbolProducer(CONFIG, BLOB.pair(pair).sliver(axis))
        .generalRecoverySymbol(symbol);
    if (badProof) {
      byte[] data = g.symbol().data();
      data[0] ^= 1;
      g = new GeneralRecoverySymbol(g.targetType(), DecodingSymbol.of(g.symbol().index(), data), g.targetIndex(),
          g.proof());
    }
    return GeneralRecoverySymbol.listToBcs(List.of(g));
  }

  private static byte[] blobBytes() {
    byte[] data = new byte[4_000];
    new Random(11).nextBytes(data);
    return data;
  }
}
