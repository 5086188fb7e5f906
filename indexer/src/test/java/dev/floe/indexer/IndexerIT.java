package dev.floe.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.NodeRegistration;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.Deployer;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.ProtocolMessage;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.indexer.follow.EventIndexer;
import dev.floe.indexer.store.IndexStore;
import dev.floe.indexer.keeper.EpochKeeper;
import dev.floe.testkit.RangeLimitingRpcProxy;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer against a real anvil chain and a real SQLite file: its keeper moves the first epoch,
 * it indexes nodes, stake, epochs and shard syncs, a certified blob, an extension and an invalidated
 * blob, answers the query API over HTTP (block and time ranges included), resumes from its persisted
 * cursor after a restart (filling in block times missing from the database), and
 * halts (state {@code halted}, nothing applied) when the chain reorganized past its cursor while it
 * was down. Further: reorganizations while it runs (within and beyond the confirmation depth, and a
 * chain reverted below its cursor), node updates, an RPC endpoint that limits log queries, and
 * keepers that race, run ahead of the chain's clock or cannot pay for gas.
 */
class IndexerIT {
  private static final int N_SHARDS = 10;
  private static final Duration EPOCH = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private AnvilNode anvil;
  private Deployment deployment;
  private EvmConfig evm;
  private EvmControlPlane admin;
  private final List<EvmControlPlane> nodes = new ArrayList<>();
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void deployAndRegisterNodes() {
    anvil = AnvilNode.start();
    evm = EvmConfig.local(anvil.rpcUrl());
    deployment = Deployer.deploy(evm, EvmAccount.devAccount(0), DeploymentParameters.localnet(N_SHARDS, EPOCH));
    deployment.save(dir.resolve("deployment.json"));
    admin = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(0));
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 4; i++) {
      EvmAccount account = EvmAccount.generate(random);
      anvil.setBalance(account.address().toHex(), BigInteger.TEN.pow(20));
      Await.result(admin.transfer(account.address(), TokenAmount.ofTokens(20_000)));
      EvmControlPlane node = EvmControlPlane.connect(evm, deployment, account);
      ProtocolKeyPair key = ProtocolKeyPair.generate(random);
      Await.result(node.registerNode(new NodeRegistration("node-" + i, "http://127.0.0.1:" + (9000 + i), 1_000,
          new NodeVotes(TokenAmount.ofUnits(1_000), TokenAmount.ofUnits(2_000), 1L << 40)), key));
      Await.result(node.stake(account.address(), TokenAmount.ofTokens(10_000)));
      nodes.add(node);
      keys.add(key);
    }
  }

  @AfterEach
  void tearDown() {
    nodes.forEach(EvmControlPlane::close);
    if (admin != null) {
      admin.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void indexesTheChainServesQueriesResumesAfterARestartAndHaltsOnAReorganization() throws Exception {
    AtomicReference<IndexerService> running = new AtomicReference<>(IndexerService.start(config(true), this::chainTime));
    try {
      IndexerService indexer = running.get();
      // an epoch passes on the chain's clock: the keeper ends voting, then starts epoch 1; the nodes sync
      anvil.increaseTime(EPOCH.toSeconds() + 10);
      Await.until("the keeper starts epoch 1", Duration.ofSeconds(60),
          () -> Await.result(admin.epochState()).epoch() == 1);
      for (EvmControlPlane node : nodes) {
        Await.result(node.epochSyncDone(1));
      }
      Await.until("epoch 1 done", Duration.ofSeconds(30),
          () -> Await.result(admin.epochState()).phase() == EpochPhase.EPOCH_CHANGE_DONE);

      CommitteeInfo committee = Await.result(admin.currentCommittee());
      EvmControlPlane owner = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(1));
      Await.result(admin.transfer(EvmAccount.devAccount(1).address(), TokenAmount.ofTokens(100_000)));
      EncodedBlob certified = encode(1_000);
      BlobObject object = Await.result(owner.reserveAndRegisterBlob(registration(certified), 3));
      Await.result(owner.certifyBlob(object.objectId(), certificate(committee, id ->
          new StorageConfirmation(1, id, BlobPersistence.PERMANENT), certified.blobId(), committee.members().size())));
      Await.result(owner.extendBlob(object.objectId(), 2));
      EncodedBlob invalid = encode(2_000);
      Await.result(owner.reserveAndRegisterBlob(registration(invalid), 2));
      Await.result(owner.invalidateBlobId(certificate(committee, id -> new InvalidBlobIdMessage(1, id),
          invalid.blobId(), 2)));
      long head = anvil.blockNumber();
      Await.until("the indexer reaches block " + head, Duration.ofSeconds(30),
          () -> indexer.store().cursor().map(c -> c.id().blockNumber() >= head).orElse(false));

      JsonNode blob = get(indexer, "/v1/blobs/" + certified.blobId(), 200);
      assertThat(blob.get("status").asText()).isEqualTo("certified");
      assertThat(blob.get("certifiedUntilEpoch").asInt()).isEqualTo(object.endEpoch() + 2);
      assertThat(blob.get("objects")).hasSize(1);
      assertThat(blob.get("objects").get(0).get("objectId").asText()).isEqualToIgnoringCase(object.objectId().toHex());
      assertThat(blob.get("objects").get(0).get("certifiedEpoch").asInt()).isEqualTo(1);
      assertThat(blob.get("objects").get(0).get("size").asLong()).isEqualTo(1_000);
      JsonNode invalidView = get(indexer, "/v1/blobs/" + invalid.blobId(), 200);
      assertThat(invalidView.get("status").asText()).isEqualTo("invalid");
      assertThat(invalidView.get("invalidatedInEpoch").asInt()).isEqualTo(1);
      BlobId unknown = encode(3_000).blobId();
      assertThat(get(indexer, "/v1/blobs/" + unknown, 200).get("status").asText()).isEqualTo("nonexistent");
      assertThat(get(indexer, "/v1/blobs?certified=true", 200).get("blobIds"))
          .extracting(JsonNode::asText).containsExactly(certified.blobId().toString());
      assertThat(get(indexer, "/v1/blobs", 200).get("blobIds")).hasSize(2);

      JsonNode epoch = get(indexer, "/v1/epochs/current", 200);
      assertThat(epoch.get("epoch").asInt()).isEqualTo(1);
      assertThat(epoch.get("changeDone").asBoolean()).isTrue();
      List<Integer> synced = new ArrayList<>();
      epoch.get("shardSyncs").forEach(s -> s.get("shards").forEach(x -> synced.add(x.asInt())));
      assertThat(synced).as("every shard reported synced once").hasSize(N_SHARDS).doesNotHaveDuplicates();
      JsonNode nodesView = get(indexer, "/v1/nodes", 200).get("nodes");
      assertThat(nodesView).hasSize(4);
      nodesView.forEach(n -> assertThat(n.get("activeStakes").asInt()).isEqualTo(1));
      List<String> kinds = new ArrayList<>();
      get(indexer, "/v1/events?limit=1000", 200).get("events").forEach(e -> kinds.add(e.get("kind").asText()));
      assertThat(kinds).contains("NodeRegistered", "StakeDeposited", "EpochParametersSelected", "EpochChangeStarted",
          "ShardsReceived", "EpochChangeDone", "BlobRegistered", "BlobCertified", "BlobExtended", "BlobIdInvalidated");
      JsonNode health = get(indexer, "/v1/health", 200);
      assertThat(health.get("state").asText()).isEqualTo("following");
      assertThat(health.get("eventsIndexed").asLong()).isEqualTo(kinds.size());

      assertRangeQueries(indexer, certified.blobId());

      assertThat(get(indexer, "/v1/blobs/not-a-blob-id", 400).get("error").get("code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(get(indexer, "/v1/blobs?limit=0", 400).get("error").get("message").asText()).contains("limit");
      assertThat(get(indexer, "/v1/events?after=x", 400).get("error").get("code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(get(indexer, "/v1/epochs/7", 404).get("error").get("code").asText()).isEqualTo("NOT_FOUND");

      // restart: resumes from the persisted cursor, re-applies nothing, indexes what came meanwhile
      long indexedBefore = indexer.store().cursor().orElseThrow().eventsIndexed();
      indexer.close();
      // as if the database came from an indexer that did not record block times: the restart fills them in
      try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("indexer.db"));
          var st = c.createStatement()) {
        assertThat(st.executeUpdate("UPDATE events SET block_time = NULL")).isEqualTo((int) indexedBefore);
      }
      EncodedBlob later = encode(4_000);
      Await.result(owner.reserveAndRegisterBlob(registration(later), 1));
      running.set(IndexerService.start(config(false), this::chainTime));
      IndexerService resumed = running.get();
      Await.until("the restarted indexer catches up", Duration.ofSeconds(30),
          () -> resumed.indexer().state() == EventIndexer.State.FOLLOWING);
      assertThat(get(resumed, "/v1/blobs/" + later.blobId(), 200).get("status").asText()).isEqualTo("registered");
      Await.until("the block times are filled in", Duration.ofSeconds(30),
          () -> resumed.indexer().blockTimesComplete());
      assertThat(get(resumed, "/v1/health", 200).get("blockTimesComplete").asBoolean()).isTrue();
      JsonNode everything = get(resumed, "/v1/events?limit=1000", 200).get("events");
      assertThat(everything).hasSize((int) indexedBefore + 2);
      for (JsonNode e : everything) {
        assertThat(e.path("blockTimestamp").asLong(-1)).as("time of %s", e).isEqualTo(blockTime(block(e)));
      }
      assertThat(resumed.store().cursor().orElseThrow().eventsIndexed())
          .as("exactly the new registration (StorageReserved + BlobRegistered) was added")
          .isEqualTo(indexedBefore + 2);

      // a reorganization past the cursor while the indexer is down halts it
      var cursor = resumed.store().cursor().orElseThrow();
      resumed.close();
      anvil.reorg((int) (anvil.blockNumber() - cursor.id().blockNumber()) + 1);
      running.set(IndexerService.start(config(false), this::chainTime));
      IndexerService halted = running.get();
      Await.until("the indexer halts", Duration.ofSeconds(30),
          () -> halted.indexer().state() == EventIndexer.State.HALTED);
      JsonNode haltedHealth = get(halted, "/v1/health", 200);
      assertThat(haltedHealth.get("state").asText()).isEqualTo("halted");
      assertThat(haltedHealth.get("lastError").asText()).contains("block " + cursor.id().blockNumber());
      assertThat(halted.store().cursor()).contains(cursor);
      owner.close();
    } finally {
      running.get().close();
    }
  }

  @Test
  void aReorganizationWithinTheConfirmationDepthIsNeverIndexedAndADeeperOneWhileRunningHalts() throws Exception {
    try (IndexerService indexer = IndexerService.start(config(false, 2), this::chainTime)) {
      Await.until("caught up", Duration.ofSeconds(30), () -> indexer.indexer().state() == EventIndexer.State.FOLLOWING);
      long stakes = nodes.size(); // one each, staked before the indexer started
      // a stake in the newest block, which a reorganization of depth 1 (< 2) replaces by an empty one
      Await.result(nodes.get(0).stake(nodes.get(0).account(), TokenAmount.ofTokens(1)));
      anvil.reorg(1);
      anvil.mine(3);
      long head = anvil.blockNumber();
      Await.until("indexed to 2 blocks below the head", Duration.ofSeconds(30),
          () -> indexer.store().cursor().orElseThrow().id().blockNumber() >= head - 2);
      assertThat(stakeEvents(indexer)).as("the replaced stake was never indexed").isEqualTo(stakes);
      assertThat(health(indexer).get("state").asText()).isEqualTo("following");

      // a stake indexed (2 blocks deep), then a reorganization of depth 3 replaces its block
      Await.result(nodes.get(1).stake(nodes.get(1).account(), TokenAmount.ofTokens(1)));
      long block = anvil.blockNumber();
      anvil.mine(2);
      Await.until("the stake is indexed", Duration.ofSeconds(30), () -> stakeEvents(indexer) == stakes + 1);
      Await.until("the cursor reaches its block", Duration.ofSeconds(30),
          () -> indexer.store().cursor().orElseThrow().id().blockNumber() >= block);
      var cursor = indexer.store().cursor().orElseThrow();
      anvil.reorg((int) (anvil.blockNumber() - cursor.id().blockNumber()) + 1);
      anvil.mine();
      Await.until("the indexer halts", Duration.ofSeconds(30),
          () -> indexer.indexer().state() == EventIndexer.State.HALTED);
      assertThat(health(indexer).get("state").asText()).isEqualTo("halted");
      assertThat(indexer.store().cursor()).contains(cursor);
    }
  }

  @Test
  void aChainRevertedBelowTheCursorIsNotReportedAsFollowedAndHaltsOnceItGrowsPastIt() throws Exception {
    try (IndexerService indexer = IndexerService.start(config(false), this::chainTime)) {
      Await.until("caught up", Duration.ofSeconds(30), () -> indexer.indexer().state() == EventIndexer.State.FOLLOWING);
      String snapshot = anvil.snapshot();
      long stakes = stakeEvents(indexer);
      Await.result(nodes.get(2).stake(nodes.get(2).account(), TokenAmount.ofTokens(1)));
      long block = anvil.blockNumber();
      Await.until("the stake is indexed", Duration.ofSeconds(30), () -> stakeEvents(indexer) == stakes + 1);
      Await.until("the cursor reaches its block", Duration.ofSeconds(30),
          () -> indexer.store().cursor().orElseThrow().id().blockNumber() >= block);

      // the chain goes back to before the stake: the indexed block is gone, the index is not the chain
      anvil.revertTo(snapshot);
      assertThat(anvil.blockNumber()).isLessThan(block);
      Await.until("the indexer stops claiming to follow", Duration.ofSeconds(30),
          () -> !health(indexer).get("state").asText().equals("following"));
      JsonNode health = health(indexer);
      assertThat(health.get("state").asText()).isEqualTo("retrying");
      assertThat(health.get("lastError").asText()).contains("behind the indexed block " + block);

      // the new chain grows past the cursor with other blocks: a reorganization, so it halts
      anvil.mine(3);
      Await.until("the indexer halts", Duration.ofSeconds(30),
          () -> indexer.indexer().state() == EventIndexer.State.HALTED);
    }
  }

  private static long stakeEvents(IndexerService indexer) {
    return indexer.store().events(new dev.floe.controlplane.events.EventId(0, 0), 1000).stream()
        .filter(e -> e.kind().equals("StakeDeposited")).count();
  }

  @Test
  void showsANodesNewAddressNameAndProtocolKeyAfterItUpdatedThem() throws Exception {
    try (IndexerService indexer = IndexerService.start(config(false), this::chainTime)) {
      Await.until("caught up", Duration.ofSeconds(30), () -> indexer.indexer().state() == EventIndexer.State.FOLLOWING);
      Await.result(nodes.get(0).updateNodeMetadata("node-0-moved", "https://node0.example:9443"));
      ProtocolKeyPair rotated = ProtocolKeyPair.generate(new SecureRandom());
      Await.result(nodes.get(1).rotateProtocolKey(rotated));
      long head = anvil.blockNumber();
      Await.until("indexed to block " + head, Duration.ofSeconds(30),
          () -> indexer.store().cursor().map(c -> c.id().blockNumber() >= head).orElse(false));

      Map<String, JsonNode> byId = new java.util.HashMap<>();
      get(indexer, "/v1/nodes", 200).get("nodes").forEach(n -> byId.put(n.get("nodeId").asText(), n));
      JsonNode moved = byId.get(nodes.get(0).account().toHex());
      assertThat(moved.get("name").asText()).isEqualTo("node-0-moved");
      assertThat(moved.get("networkAddress").asText()).isEqualTo("https://node0.example:9443");
      JsonNode rekeyed = byId.get(nodes.get(1).account().toHex());
      assertThat(rekeyed.get("protocolKeyAddress").asText()).isEqualToIgnoringCase(Address.of(rotated.address()).toHex());
      assertThat(byId.get(nodes.get(2).account().toHex()).get("networkAddress").asText())
          .as("the others unchanged").isEqualTo("http://127.0.0.1:9002");
    }
  }

  @Test
  void anIndexerWhosePortIsTakenFailsBeforeItIndexesOrKeepsAnything() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      IndexerConfig direct = config(true);
      IndexerConfig clash = new IndexerConfig(direct.name(), new IndexerConfig.Bind("127.0.0.1", taken.getLocalPort()),
          direct.database(), direct.chain(), direct.keeper());
      long blockBefore = anvil.blockNumber();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexerService.start(clash, this::chainTime))
          .hasStackTraceContaining("Address already in use");
      Thread.sleep(500); // a follower or keeper started by mistake would have run by now
      try (IndexStore store = IndexStore.open("jdbc:sqlite:" + dir.resolve("indexer.db"), deployment.chainId(),
          deployment.contracts().system().toHex())) {
        assertThat(store.cursor()).as("nothing indexed").isEmpty();
      }
      assertThat(anvil.blockNumber()).as("no keeper transaction sent").isEqualTo(blockBefore);
    }
  }

  @Test
  void followsAnRpcEndpointThatLimitsTheBlockRangeOfALogQuery() throws Exception {
    anvil.mine(20); // more blocks since the deployment than the endpoint serves in one query
    try (RangeLimitingRpcProxy rpc = RangeLimitingRpcProxy.start(anvil.rpcUrl(), 5)) {
      IndexerConfig direct = config(false);
      IndexerConfig limited = new IndexerConfig(direct.name(), direct.bind(), direct.database(),
          new IndexerConfig.Chain(rpc.url(), direct.chain().deploymentFile(), 0, 50L), direct.keeper());
      long head = anvil.blockNumber();
      try (IndexerService indexer = IndexerService.start(limited, this::chainTime)) {
        Await.until("the indexer reaches block " + head + " through " + rpc, Duration.ofSeconds(20),
            () -> indexer.store().cursor().map(c -> c.id().blockNumber() >= head).orElse(false));
        assertThat(rpc.refused()).as("the endpoint did refuse wide queries").isPositive();
        assertThat(stakeEvents(indexer)).isEqualTo(nodes.size());
        Await.until("following", Duration.ofSeconds(10),
            () -> indexer.indexer().state() == EventIndexer.State.FOLLOWING);
      }
    }
  }

  @Test
  void twoKeepersRacingForTheSameTransitionMakeItOnceAndNeitherReportsAnError() throws Exception {
    anvil.increaseTime(EPOCH.toSeconds() / 2 + 10);
    anvil.mine();
    EvmControlPlane first = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(7));
    EvmControlPlane second = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(8));
    try {
      // both keepers read the state and decide before either sends: a real race for endVoting
      CyclicBarrier bothDecided = new CyclicBarrier(2);
      Supplier<Instant> clock = () -> {
        try {
          bothDecided.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        return chainTime();
      };
      EpochKeeper a = new EpochKeeper(first, clock);
      EpochKeeper b = new EpochKeeper(second, clock);
      List<EpochKeeper.Action> actions;
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<EpochKeeper.Action> ta = threads.submit(a::tick);
        Future<EpochKeeper.Action> tb = threads.submit(b::tick);
        actions = List.of(ta.get(60, TimeUnit.SECONDS), tb.get(60, TimeUnit.SECONDS));
      }
      assertThat(actions).containsExactlyInAnyOrder(EpochKeeper.Action.ENDED_VOTING, EpochKeeper.Action.ALREADY_DONE);
      assertThat(a.lastError()).as("losing a race is not an error").isEmpty();
      assertThat(b.lastError()).isEmpty();
      assertThat(Await.result(admin.epochState()).phase()).isEqualTo(EpochPhase.NEXT_PARAMS_SELECTED);
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void aKeeperWhoseClockRunsAheadOfTheChainWaitsWithoutReportingAFailure() {
    // (the deployer may move epoch 0 at once; any other keeper waits for the chain's clock)
    try (EvmControlPlane keeperChain = EvmControlPlane.connect(evm, deployment, EvmAccount.devAccount(7))) {
      assertThat(Await.result(admin.epochState()).votingEndTime()).isAfter(chainTime());
      // e.g. the wall clock a little ahead of the chain's next block time at the moment voting ends
      EpochKeeper ahead = new EpochKeeper(keeperChain, () -> chainTime().plus(EPOCH));
      assertThat(ahead.tick()).isEqualTo(EpochKeeper.Action.NONE);
      assertThat(ahead.lastError()).isEmpty();
      assertThat(Await.result(admin.epochState()).phase()).isEqualTo(EpochPhase.EPOCH_CHANGE_DONE);
    }
  }

  @Test
  void aKeeperWhoseWalletCannotPayForGasSaysSoInHealthAndRecoversOnceFunded() throws Exception {
    String wallet = EvmAccount.devAccount(2).address().toHex();
    anvil.setBalance(wallet, BigInteger.ZERO);
    anvil.increaseTime(EPOCH.toSeconds() / 2 + 10);
    anvil.mine();
    try (IndexerService indexer = IndexerService.start(config(true), this::chainTime)) {
      Await.until("the keeper reports its failure", Duration.ofSeconds(30),
          () -> health(indexer).path("keeper").has("lastError"));
      JsonNode health = get(indexer, "/v1/health", 200);
      assertThat(health.get("keeper").get("enabled").asBoolean()).isTrue();
      assertThat(health.get("keeper").get("lastError").asText())
          .contains("ending voting for epoch 1 is due but failed").containsIgnoringCase("insufficient funds");
      assertThat(health.get("state").asText()).as("indexing goes on").isEqualTo("following");
      assertThat(indexer.keeper().orElseThrow().tick()).as("still failing, still ticking")
          .isEqualTo(EpochKeeper.Action.FAILED);

      anvil.setBalance(wallet, BigInteger.TEN.pow(20));
      Await.until("the funded keeper ends voting", Duration.ofSeconds(30),
          () -> Await.result(admin.epochState()).phase() == EpochPhase.NEXT_PARAMS_SELECTED);
      Await.until("the error is cleared", Duration.ofSeconds(30),
          () -> !health(indexer).path("keeper").has("lastError"));
    }
  }

  /** Block and time ranges over HTTP: the events and certified blobs within them, paging, and bad ranges. */
  private void assertRangeQueries(IndexerService indexer, BlobId certified) throws Exception {
    JsonNode all = get(indexer, "/v1/events?limit=1000", 200).get("events");
    for (JsonNode e : all) {
      long time = blockTime(block(e));
      assertThat(e.path("blockTimestamp").asLong(-1)).as("time of %s", e).isEqualTo(time);
      assertThat(Instant.parse(e.get("blockTime").asText())).isEqualTo(Instant.ofEpochSecond(time));
    }
    JsonNode certification = find(all, "BlobCertified");
    long b = block(certification);
    List<String> inBlock = ids(get(indexer, "/v1/events?fromBlock=" + b + "&toBlock=" + b, 200));
    assertThat(inBlock).contains(certification.get("id").asText())
        .allMatch(id -> id.startsWith(b + ":"))
        .hasSize((int) java.util.stream.StreamSupport.stream(all.spliterator(), false).filter(e -> block(e) == b).count());
    assertThat(get(indexer, "/v1/blobs?fromBlock=" + b + "&toBlock=" + b, 200).get("blobIds"))
        .extracting(JsonNode::asText).containsExactly(certified.toString());
    assertThat(get(indexer, "/v1/blobs?toBlock=" + (b - 1), 200).get("blobIds")).as("nothing certified before").isEmpty();
    long t = blockTime(b);
    assertThat(get(indexer, "/v1/blobs?fromTime=" + t + "&toTime=" + (t + 1), 200).get("blobIds"))
        .extracting(JsonNode::asText).containsExactly(certified.toString());

    // the keeper's epoch change came an hour (of chain time) after the registrations: a time window
    // ending half-way holds the registrations and nothing of the epoch change
    JsonNode registration = find(all, "NodeRegistered");
    Instant registered = Instant.ofEpochSecond(registration.get("blockTimestamp").asLong());
    JsonNode window = get(indexer, "/v1/events?limit=1000&fromTime=" + registered + "&toTime="
        + registered.plusSeconds(EPOCH.toSeconds() / 2), 200);
    List<String> kinds = new ArrayList<>();
    window.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
    assertThat(kinds).contains("NodeRegistered", "StakeDeposited").doesNotContain("EpochChangeStarted", "BlobCertified");

    // paging within a range goes on after the last event of the page, and stays in the range
    long first = block(all.get(0));
    JsonNode page1 = get(indexer, "/v1/events?limit=2&fromBlock=" + first + "&toBlock=" + b, 200);
    assertThat(page1.get("events")).hasSize(2);
    JsonNode page2 = get(indexer, "/v1/events?limit=1000&fromBlock=" + first + "&toBlock=" + b + "&after="
        + page1.get("next").asText(), 200);
    List<String> paged = new ArrayList<>(ids(page1));
    paged.addAll(ids(page2));
    assertThat(paged).isEqualTo(ids(get(indexer, "/v1/events?limit=1000&toBlock=" + b, 200)));

    assertThat(get(indexer, "/v1/events?fromBlock=9&toBlock=3", 400).get("error").get("message").asText())
        .contains("fromBlock (9) is after toBlock (3)");
    assertThat(get(indexer, "/v1/events?fromBlock=x", 400).get("error").get("message").asText())
        .contains("fromBlock must be a block number");
    assertThat(get(indexer, "/v1/blobs?toBlock=-1", 400).get("error").get("message").asText()).contains("toBlock");
    assertThat(get(indexer, "/v1/events?fromTime=yesterday", 400).get("error").get("message").asText())
        .contains("fromTime must be an ISO-8601 instant");
    assertThat(get(indexer, "/v1/events?fromTime=" + t + "&toTime=" + t, 400).get("error").get("message").asText())
        .contains("must be before toTime");
  }

  private static JsonNode find(JsonNode events, String kind) {
    for (JsonNode e : events) {
      if (e.get("kind").asText().equals(kind)) {
        return e;
      }
    }
    throw new AssertionError("no " + kind + " event in " + events);
  }

  private static long block(JsonNode event) {
    return Long.parseLong(event.get("id").asText().split(":")[0]);
  }

  private static List<String> ids(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("events").forEach(e -> ids.add(e.get("id").asText()));
    return ids;
  }

  /** The timestamp of block {@code number}, as anvil reports it. */
  private long blockTime(long number) {
    try {
      JsonNode block = JSON.readTree(anvil.rpc("eth_getBlockByNumber", "\"0x" + Long.toHexString(number) + "\"", "false"));
      return Long.decode(block.get("timestamp").asText());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private IndexerConfig config(boolean keeper) {
    return config(keeper, 0);
  }

  private IndexerConfig config(boolean keeper, int confirmationDepth) {
    return new IndexerConfig("indexer",
        new IndexerConfig.Bind("127.0.0.1", 0),
        new IndexerConfig.Database("jdbc:sqlite:" + dir.resolve("indexer.db"), null, null),
        new IndexerConfig.Chain(anvil.rpcUrl(), dir.resolve("deployment.json"), confirmationDepth, 50L),
        new IndexerConfig.Keeper(keeper, 200L, null, null, keeper ? 2 : null));
  }

  private Instant chainTime() {
    return Instant.ofEpochSecond(anvil.latestBlockTimestamp());
  }

  private static EncodedBlob encode(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return new RedStuffEncoder(new EncodingConfig(N_SHARDS)).encode(data);
  }

  private static BlobRegistration registration(EncodedBlob blob) {
    return new BlobRegistration(blob.blobId(), blob.metadata().metadata().computeRoot(),
        blob.metadata().unencodedLength(), blob.metadata().metadata().encodingType(), false);
  }

  /** A certificate over {@code message(blobId)} signed by the first {@code signers} committee members. */
  private Certificate certificate(CommitteeInfo committee, Function<BlobId, ProtocolMessage> message, BlobId blobId,
      int signers) {
    Map<Integer, byte[]> signatures = new TreeMap<>();
    byte[] bytes = null;
    for (CommitteeMemberInfo m : committee.members().subList(0, signers)) {
      ProtocolKeyPair key = keyOf(m.protocolKeyAddress());
      SignedMessage signed = SignedMessage.sign(message.apply(blobId), key);
      signatures.put(m.index(), signed.signature());
      bytes = signed.message();
    }
    return Certificate.ofSecp256k1(bytes, signatures);
  }

  private ProtocolKeyPair keyOf(Address protocolKeyAddress) {
    return keys.stream().filter(k -> Address.of(k.address()).equals(protocolKeyAddress)).findFirst().orElseThrow();
  }

  private JsonNode health(IndexerService indexer) {
    try {
      return get(indexer, "/v1/health", 200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode get(IndexerService indexer, String path, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + indexer.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    return JSON.readTree(r.body());
  }
}
