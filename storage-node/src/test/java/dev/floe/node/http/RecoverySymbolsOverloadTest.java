package dev.floe.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.keys.ProtocolKeySigner;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.service.BlobLocks;
import dev.floe.node.service.ChainState;
import dev.floe.node.service.ConfirmationService;
import dev.floe.node.service.InconsistencyService;
import dev.floe.node.service.MetadataCache;
import dev.floe.node.service.PendingUploads;
import dev.floe.node.service.RegistrationCheck;
import dev.floe.node.service.StatusService;
import dev.floe.node.service.StorageService;
import dev.floe.node.service.SymbolService;
import dev.floe.node.store.BlobInfo;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.store.ShardState;
import dev.floe.node.store.SliverStore;
import dev.floe.node.store.StoreBatch;
import dev.floe.node.testing.InMemoryChain;
import dev.floe.node.testing.TestClient;
import dev.floe.node.testing.TestClient.Response;
import dev.floe.testkit.Await;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound on concurrent recovery/decoding symbol work, seen over HTTP: the node's real REST server
 * (Vert.x on loopback) with the real services over a real RocksDB store. The store is wrapped in a
 * gate that can hold sliver reads, which is where symbol work starts, so the test knows exactly how
 * many symbol requests are inside the bound. Requests beyond it are answered 503 with the stable
 * code {@code TOO_MANY_REQUESTS} at once (not queued); the held ones complete; the node keeps
 * serving other routes meanwhile; and every permit comes back, also after failed requests.
 */
class RecoverySymbolsOverloadTest {
  private static final int N_SHARDS = 10;
  private static final int SYMBOL_CONCURRENCY = 2;
  private static final EncodingConfig CONFIG = new EncodingConfig(N_SHARDS);

  @TempDir Path dir;
  private Vertx vertx;
  private RocksSliverStore rocks;
  private RestServer server;
  private TestClient client;
  private String url;
  private final Gate gate = new Gate();
  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  /** One blob per round: the first symbol request for a sliver reads it from the store (later ones hit a cache). */
  private final List<EncodedBlob> blobs = new ArrayList<>();

  @BeforeEach
  void startServer() {
    ProtocolKeyPair key = ProtocolKeyPair.generate(new SecureRandom());
    ProtocolKeyPair peer = ProtocolKeyPair.generate(new SecureRandom());
    vertx = Vertx.vertx();
    rocks = RocksSliverStore.open("overload", dir, 1 << 20, 0);
    int port = dev.floe.node.testing.FreePorts.allocate(1).get(0);
    url = "http://127.0.0.1:" + port;
    InMemoryChain chain = new InMemoryChain(InMemoryChain.committee(1, N_SHARDS,
        List.of(key.address(), peer.address()), List.of(url, "http://127.0.0.1:1")));
    SliverStore store = new GatedStore(rocks, gate);
    NodeMetrics metrics = new NodeMetrics("overload");
    ChainState state = new ChainState("overload", chain.view(), key.address());
    RegistrationCheck registration = new RegistrationCheck(store, chain.view());
    StorageService storage = new StorageService("overload", store, state, registration, new MetadataCache(store, 64),
        new PendingUploads(1 << 20, Duration.ofMinutes(1)), new BlobLocks(64), metrics);
    ProtocolKeySigner signer = new ProtocolKeySigner(key);
    RestServer.Services services = new RestServer.Services(storage,
        new ConfirmationService(store, state, registration, storage, signer, metrics),
        new StatusService("overload", store, state, key.publicKey()),
        new SymbolService(store, state, metrics, SYMBOL_CONCURRENCY, 64L << 20),
        new InconsistencyService("overload", state, storage, signer, metrics),
        new dev.floe.node.service.SyncShardService("overload", store, state, metrics,
            dev.floe.node.StorageNodeConfig.ShardSync.defaults()));
    server = new RestServer(vertx, "overload", services, BodyLimits.of(CONFIG, 1L << 24), metrics, 8, 1_000L, 64,
        bytes -> 10_000L);
    server.start("127.0.0.1", port).toCompletionStage().toCompletableFuture().join();
    client = new TestClient();

    Random random = new Random(23);
    for (int b = 0; b < 4; b++) {
      byte[] data = new byte[100_000 + b];
      random.nextBytes(data);
      EncodedBlob blob = new RedStuffEncoder(CONFIG).encode(data);
      BlobId id = blob.blobId();
      chain.register(id, data.length, 3, false);
      List<Integer> owned = state.current().ownedPairs(id);
      assertThat(owned).hasSize(N_SHARDS / 2);
      assertThat(client.putMetadata(url, blob, false).status()).isEqualTo(201);
      for (int pair : owned) {
        for (SliverType type : SliverType.values()) {
          assertThat(client.putSliver(url, id, pair, type, blob.pair(pair).sliver(type).toBcs(), false).status())
              .isEqualTo(201);
        }
      }
      blobs.add(blob);
    }
  }

  @AfterEach
  void stopServer() {
    gate.open();
    callers.shutdownNow();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop().toCompletionStage().toCompletableFuture().join();
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
    rocks.close();
  }

  @Test
  void aSymbolIdQueryLongerThanFourKibibytesGetsAnAnswerNotABare414() throws Exception {
    gate.open();
    EncodedBlob blob = blobs.get(0);
    StringBuilder query = new StringBuilder("?proofAxis=primary");
    int owned = ownedPairs(blob).get(0);
    for (int i = 0; i < 600; i++) { // 600 IDs of 9+ characters each: a request line of about 7 KB
      query.append("&id=").append(owned).append('-').append(i % N_SHARDS);
    }
    assertThat(query.length()).isGreaterThan(4096);
    Response r = client.get(url + Routes.recoverySymbols(blob.blobId()) + query);
    assertThat(r.status()).as("the node's own bound, in its JSON envelope").isEqualTo(400);
    assertThat(r.reason()).isEqualTo("INVALID_PARAMETER");
  }

  @Test
  void symbolRequestsBeyondTheBoundGet503AndTheNodeKeepsServing() throws Exception {
    for (int round = 0; round < 3; round++) {
      EncodedBlob blob = blobs.get(round);
      BlobId id = blob.blobId();
      List<Integer> owned = ownedPairs(blob);
      // fill the bound: these requests hold their permits inside the store until the gate opens
      gate.close();
      List<CompletableFuture<Response>> held = new ArrayList<>();
      for (int i = 0; i < SYMBOL_CONCURRENCY; i++) {
        int target = (round * SYMBOL_CONCURRENCY + i) % N_SHARDS;
        held.add(async(url + Routes.recoverySymbols(id) + "?targetSliver=" + target + "&targetType=primary"));
      }
      int expectedInside = SYMBOL_CONCURRENCY;
      Await.until("every permit taken", Duration.ofSeconds(10), () -> gate.waiting() == expectedInside);

      // beyond the bound: refused at once, every symbol route
      int source = owned.get(0);
      List<String> beyond = List.of(
          Routes.recoverySymbols(id) + "?targetSliver=7&targetType=secondary",
          Routes.recoverySymbols(id) + "?id=" + source + "-" + CONFIG.secondarySliverIndex(3) + "&proofAxis=primary",
          Routes.decodingSymbols(id) + "?targetSlivers=1,2&targetType=primary");
      for (String path : beyond) {
        long t0 = System.nanoTime();
        Response refused = client.get(url + path);
        assertThat(refused.status()).as(refused.text()).isEqualTo(503);
        assertThat(refused.reason()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(refused.header("retry-after")).as("503 tells when to retry").isEqualTo("1");
        assertThat(refused.json().getJsonObject(JsonFields.ERROR).getString(JsonFields.STATUS)).isEqualTo("UNAVAILABLE");
        assertThat(refused.text()).contains("symbol requests");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused without queueing").isLessThan(Duration.ofSeconds(2));
      }
      // other routes are served while the symbol bound is full
      assertThat(client.get(url + Routes.HEALTH).status()).isEqualTo(200);
      assertThat(client.get(url + Routes.metadataStatus(id)).status()).isEqualTo(200);
      assertThat(gate.waiting()).isEqualTo(SYMBOL_CONCURRENCY);

      // the held requests complete with valid symbols once their work can go on
      gate.open();
      for (CompletableFuture<Response> f : held) {
        Response r = f.get();
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<GeneralRecoverySymbol> symbols = GeneralRecoverySymbol.listFromBcs(r.body());
        assertThat(symbols).hasSize(owned.size());
        symbols.forEach(s -> s.verify(CONFIG, blob.metadata()));
      }
    }

    // failures inside the bound give their permits back too
    EncodedBlob blob = blobs.get(0);
    BlobId id = blob.blobId();
    BlobId unknown = BlobId.of(new byte[32]);
    for (int i = 0; i < 3 * SYMBOL_CONCURRENCY; i++) {
      Response r = client.get(url + Routes.recoverySymbols(unknown) + "?targetSliver=1&targetType=primary");
      assertThat(r.reason()).isEqualTo("SLIVER_NOT_FOUND");
      int foreign = foreignPair(ownedPairs(blob));
      Response f = client.get(url + Routes.recoverySymbols(id) + "?id=" + foreign + "-0&proofAxis=primary");
      assertThat(f.reason()).isEqualTo("SLIVER_NOT_FOUND");
    }
    // a storm from many callers: every answer is valid symbols or a clean 503, nothing else
    List<CompletableFuture<Response>> storm = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      storm.add(async(url + Routes.recoverySymbols(id) + "?targetSliver=" + (i % N_SHARDS) + "&targetType=secondary"));
    }
    for (CompletableFuture<Response> f : storm) {
      Response r = f.get();
      if (r.status() == 503) {
        assertThat(r.reason()).isEqualTo("TOO_MANY_REQUESTS");
      } else {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        GeneralRecoverySymbol.listFromBcs(r.body()).forEach(s -> s.verify(CONFIG, blob.metadata()));
      }
    }
    // afterwards the whole bound is free again: SYMBOL_CONCURRENCY requests get in at once
    gate.close();
    BlobId fresh = blobs.get(3).blobId();
    List<CompletableFuture<Response>> last = new ArrayList<>();
    for (int i = 0; i < SYMBOL_CONCURRENCY; i++) {
      last.add(async(url + Routes.decodingSymbols(fresh) + "?targetSlivers=" + i + "&targetType=secondary"));
    }
    Await.until("every permit free again", Duration.ofSeconds(10), () -> gate.waiting() == SYMBOL_CONCURRENCY);
    gate.open();
    for (CompletableFuture<Response> f : last) {
      assertThat(f.get().status()).isEqualTo(200);
    }
    Await.until("no request left in flight", Duration.ofSeconds(10), () -> server.inFlight() == 0);
  }

  private CompletableFuture<Response> async(String target) {
    return CompletableFuture.supplyAsync(() -> client.get(target), callers);
  }

  private List<Integer> ownedPairs(EncodedBlob blob) {
    List<Integer> owned = new ArrayList<>();
    for (int p = 0; p < N_SHARDS; p++) {
      if (rocks.hasSliver(blob.blobId(), p, SliverType.PRIMARY)) {
        owned.add(p);
      }
    }
    return owned;
  }

  private static int foreignPair(List<Integer> owned) {
    for (int p = 0; p < N_SHARDS; p++) {
      if (!owned.contains(p)) {
        return p;
      }
    }
    throw new IllegalStateException("owns every pair");
  }

  /** Holds sliver reads while closed; counts the readers it holds. */
  private static final class Gate {
    private final Object lock = new Object();
    private boolean closed;
    private final AtomicInteger waiting = new AtomicInteger();

    void close() {
      synchronized (lock) {
        closed = true;
      }
    }

    void open() {
      synchronized (lock) {
        closed = false;
        lock.notifyAll();
      }
    }

    int waiting() {
      return waiting.get();
    }

    void pass() {
      synchronized (lock) {
        if (!closed) {
          return;
        }
        waiting.incrementAndGet();
        try {
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (closed && System.nanoTime() < deadline) {
            lock.wait(100);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          waiting.decrementAndGet();
        }
      }
    }
  }

  /** The real store, with sliver reads passing the gate first. */
  private static final class GatedStore extends dev.floe.node.testing.DelegatingStore {
    private final Gate gate;

    GatedStore(SliverStore delegate, Gate gate) {
      super(delegate);
      this.gate = gate;
    }

    @Override
    public Optional<byte[]> sliver(BlobId blobId, int pairIndex, SliverType type) {
      gate.pass();
      return delegate.sliver(blobId, pairIndex, type);
    }
  }
}
